import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ADAPTERS } from './adapters/index.js';
import { kernelSuite } from './kernels.js';
import { DEFAULT_MEASURE } from './measure.js';
import { markdown } from './report.js';
import { runSuite } from './run.js';
import { runTrainBench, TRAIN_USAGE } from './train/index.js';

const CLASSICAL_USAGE = 'usage: pnpm bench classical [--datasets digits,fashion] [--skip-sklearn] [--skip-mljs] [--backend js|wasm]';

const USAGE = `usage: pnpm bench kernels [--adapters ${Object.keys(ADAPTERS).join(',')}] [--kernels key,...]
       [--budget <ms per kernel and adapter>] [--quick] [--json <file>] [--md <file>]`;

async function main(): Promise<number> {
  // Suites with their own options parse the rest of the command line themselves.
  if (process.argv[2] === 'train') return runTrainBench(process.argv.slice(3));
  if (process.argv[2] === 'classical') { await (await import('./classical/run.js')).run(process.argv.slice(3)); return 0; }
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      adapters: { type: 'string' }, kernels: { type: 'string' }, budget: { type: 'string' },
      quick: { type: 'boolean', default: false }, json: { type: 'string' }, md: { type: 'string' }, help: { type: 'boolean', default: false },
    },
  });
  if (args.help) { console.log(`${USAGE}\n${TRAIN_USAGE}\n${CLASSICAL_USAGE}`); return 0; }
  const suite = positionals[0] ?? 'kernels';
  if (suite !== 'kernels') { console.error(`bench: unknown suite "${suite}"\n${USAGE}`); return 2; }
  let kernels = kernelSuite(args.quick);
  if (args.kernels) {
    const keys = args.kernels.split(',');
    const unknown = keys.filter((k) => !kernels.some((x) => x.key === k));
    if (unknown.length) { console.error(`bench: unknown kernel(s) ${unknown.join(', ')} (known: ${kernels.map((k) => k.key).join(', ')})`); return 2; }
    kernels = kernels.filter((k) => keys.includes(k.key));
  }
  const adapters = args.adapters ? args.adapters.split(',') : Object.keys(ADAPTERS);
  const budget = args.budget ? Number(args.budget) : DEFAULT_MEASURE.budgetMs;
  const report = await runSuite({
    suite, kernels, adapters, measure: { ...DEFAULT_MEASURE, budgetMs: budget },
    log: (line) => console.error(line),
  });
  const md = markdown(report);
  const machine = report.machine as { cpu: string; cores: number; node: string; loadavg1m: { start: number; end: number } };
  const header = `${report.date} · ${machine.cpu} · ${machine.cores} cores · Node ${machine.node} · ` +
    `load average (1 min) ${machine.loadavg1m.start.toFixed(2)} at start, ${machine.loadavg1m.end.toFixed(2)} at end`;
  console.log(`${header}\n\n${md}`);
  const here = dirname(fileURLToPath(import.meta.url));
  const jsonPath = resolve(args.json ?? resolve(here, '../results/kernels.json'));
  const mdPath = resolve(args.md ?? jsonPath.replace(/\.json$/, '.md'));
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 2));
  writeFileSync(mdPath, `${header}\n\n${md}\n`);
  console.error(`bench: wrote ${jsonPath} and ${mdPath}`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  console.error(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 1;
});
