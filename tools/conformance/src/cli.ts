import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { memory, setBackend } from '@tessera/tensor';
import { formatReport, opHandlers, runConformance, type HandlerTable } from '@tessera/conformance';
import { defaultFixturesDir, loadFixtures } from '@tessera/conformance/node';
import { BACKENDS, loadHandlers } from './backends.js';

const USAGE = `usage: pnpm conformance --backend <${Object.keys(BACKENDS).join('|')}> [--fixtures <dir|file>]
       [--suite <name,...>] [--case <substring>] [--threads <n>] [--show-skipped] [--json <file>]`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        backend: { type: 'string', default: 'js' },
        fixtures: { type: 'string' },
        suite: { type: 'string' },
        case: { type: 'string' },
        threads: { type: 'string' },
        'show-skipped': { type: 'boolean', default: false },
        json: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`conformance: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) { console.log(USAGE); return 0; }
  const create = BACKENDS[args.backend!];
  if (!create) { console.error(`conformance: unknown backend "${args.backend}"\n${USAGE}`); return 2; }
  const threads = args.threads === undefined ? undefined : Number(args.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) {
    console.error(`conformance: --threads must be a positive integer, got "${args.threads}"`);
    return 2;
  }

  const handlers: HandlerTable = { ...opHandlers, ...await loadHandlers() };

  const fixtures = loadFixtures(args.fixtures ?? defaultFixturesDir());
  const suites = args.suite?.split(',');
  const selected = fixtures.filter((f) => !suites || suites.includes(f.suite));
  await setBackend(await create({ threads }));

  const before = memory().numTensors;
  const report = await runConformance({
    fixtures: selected, handlers, backend: args.backend,
    filter: args.case ? (_, c) => c.name.includes(args.case!) : undefined,
  });
  const leaked = memory().numTensors - before;
  if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2));
  if (leaked !== 0) console.log(`LEAK ${leaked} tensor(s) still live after the run`);
  console.log(formatReport(report, { showSkipped: args['show-skipped'] }));
  return report.failed === 0 && leaked === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
