import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ADAPTERS, BACKENDS } from './adapters/index.js';
import { DEFAULT_MEASURE } from './measure.js';
import { header, markdown } from './report.js';
import { runSuite } from './run.js';
import { selectRun, type Selection } from './select.js';
import { runTrainBench, TRAIN_USAGE } from './train/index.js';

const CLASSICAL_USAGE = 'usage: pnpm bench classical [--datasets digits,fashion] [--tasks rf,knn,logreg,tree,pca,kmeans] [--repeats n (default 3)] [--skip-sklearn] [--skip-mljs] [--backend js|wasm]';

const USAGE = `usage: pnpm bench kernels [--backend ${Object.keys(BACKENDS).join('|')}] [--adapters ${Object.keys(ADAPTERS).join(',')}]
       [--kernels key,...] [--budget <ms per kernel and adapter>] [--quick] [--json <file>] [--md <file>]`;

async function main(): Promise<number> {
  // Suites with their own options parse the rest of the command line themselves.
  if (process.argv[2] === 'train') return runTrainBench(process.argv.slice(3));
  if (process.argv[2] === 'classical') { await (await import('./classical/run.js')).run(process.argv.slice(3)); return 0; }
  const { values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      backend: { type: 'string' }, adapters: { type: 'string' }, kernels: { type: 'string' }, budget: { type: 'string' },
      quick: { type: 'boolean', default: false }, json: { type: 'string' }, md: { type: 'string' }, help: { type: 'boolean', default: false },
    },
  });
  if (args.help) { console.log(`${USAGE}\n${TRAIN_USAGE}\n${CLASSICAL_USAGE}`); return 0; }
  const suite = positionals[0] ?? 'kernels';
  if (suite !== 'kernels') { console.error(`bench: unknown suite "${suite}"\n${USAGE}`); return 2; }
  let selection: Selection;
  try {
    selection = selectRun({ backend: args.backend, adapters: args.adapters, kernels: args.kernels, quick: args.quick });
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { adapters, kernels } = selection;
  const budget = args.budget ? Number(args.budget) : DEFAULT_MEASURE.budgetMs;
  const report = await runSuite({
    suite, kernels, adapters, measure: { ...DEFAULT_MEASURE, budgetMs: budget },
    log: (line) => console.error(line),
  });
  const md = `${header(report)}\n\n${markdown(report)}`;
  console.log(md);
  const here = dirname(fileURLToPath(import.meta.url));
  // A run of another backend set does not overwrite the default (WASM) results.
  const jsonPath = resolve(args.json ?? resolve(here, `../results/kernels${selection.backend === 'wasm' ? '' : `-${selection.backend}`}.json`));
  const mdPath = resolve(args.md ?? jsonPath.replace(/\.json$/, '.md'));
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 2));
  writeFileSync(mdPath, `${md}\n`);
  console.error(`bench: wrote ${jsonPath} and ${mdPath}`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (error) => {
  console.error(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 1;
});
