import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FASHION_MNIST_CLASSES, loadIdxDirectory } from '@tessera/data/node';
import { judgeTargets, markdown, type TrainReport } from './report.js';
import { SPECS, type BenchData, type NotMeasured, type RunResult, type TrainSpec } from './specs.js';
import { profileMarkdown, profileModel } from './profile.js';
import { runTessera } from './tessera-run.js';
import { runTfjs } from './tfjs-run.js';
import { runTorch, torchUnavailable } from './torch-run.js';

export const TRAIN_USAGE = `usage: pnpm bench train [--data <IDX dir>] [--models small-cnn,mlp,lenet5] [--frameworks tessera,pytorch,tfjs]
       [--limit <train rows>] [--test-limit <test rows>] [--threads <n>] [--torch-threads 1,2] [--seed <n>]
       [--tfjs-limit <train rows for tfjs conv models>] [--tfjs-epochs <n>] [--json <file>] [--md <file>]
       pnpm bench train --profile [--models ...] [--threads <n>] [--steps <profiled steps, default 30>]
         (Tessera only: time per kernel call, grouped by op and shapes, over training steps)`;

const DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';
const FRAMEWORKS = ['tessera', 'pytorch', 'tfjs'] as const;

function count(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

function list<T extends string>(name: string, text: string | undefined, known: readonly T[]): T[] {
  if (text === undefined) return [...known];
  const items = text.split(',').map((s) => s.trim()) as T[];
  const unknown = items.filter((i) => !known.includes(i));
  if (unknown.length) throw new Error(`--${name}: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return items;
}


/**
 * `pnpm bench train`: the issue-5 models on Fashion-MNIST from an IDX directory, trained by
 * Tessera (wasm, N threads), PyTorch (Debian's python3-torch, same N threads) and
 * tfjs-backend-wasm 4.22, one after the other in the same run; prints the Markdown report.
 */
export async function runTrainBench(argv: readonly string[]): Promise<number> {
  const { values: a } = parseArgs({
    args: [...argv], allowPositionals: true,
    options: {
      data: { type: 'string' }, models: { type: 'string' }, frameworks: { type: 'string' }, limit: { type: 'string' },
      'test-limit': { type: 'string' }, threads: { type: 'string' }, 'torch-threads': { type: 'string' }, seed: { type: 'string' }, 'tfjs-limit': { type: 'string' },
      'tfjs-epochs': { type: 'string' }, json: { type: 'string' }, md: { type: 'string' }, help: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false }, steps: { type: 'string' },
    },
  });
  if (a.help) { console.log(TRAIN_USAGE); return 0; }
  const dir = a.data ?? DEFAULT_DIR;
  const models = list('models', a.models, SPECS.map((s) => s.key));
  const frameworks = list('frameworks', a.frameworks, FRAMEWORKS);
  const threads = count('threads', a.threads, 2);
  // PyTorch runs with 1 and with 2 intra-op threads: on a shared 2-core machine 2 can be the
  // slower, and the targets are judged against the faster of the two.
  const torchThreads = (a['torch-threads'] ?? '1,2').split(',').map((t) => count('torch-threads', t, 1));
  const seed = a.seed === undefined ? 1 : count('seed', a.seed, 1);
  const load0 = loadavg()[0];
  const dataset = await loadIdxDirectory(dir, { classNames: FASHION_MNIST_CLASSES });
  if (a.profile) {
    const steps = count('steps', a.steps, 30);
    console.log(`${execFileSync('uptime', { encoding: 'utf8' }).trim()}\n`);
    for (const key of models) {
      const spec = SPECS.find((s) => s.key === key) as TrainSpec;
      console.log(`${profileMarkdown(await profileModel(spec, dataset, threads, steps, 20, seed))}\n`);
    }
    console.log(`load at end: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
    return 0;
  }
  const limit = Math.min(count('limit', a.limit, dataset.shape[0]), dataset.shape[0]);
  const testLimit = Math.min(count('test-limit', a['test-limit'], dataset.test!.shape[0]), dataset.test!.shape[0]);
  // tfjs-backend-wasm needs minutes per full conv-net epoch here; by default it trains conv nets on a subset.
  const tfjsLimit = Math.min(count('tfjs-limit', a['tfjs-limit'], Math.min(limit, 6000)), limit);
  const tfjsEpochs = count('tfjs-epochs', a['tfjs-epochs'], 1);
  const files = await findFiles(dir);
  const benchData: BenchData = { dir, files, limit, testLimit };
  const log = (line: string) => console.error(line);

  const results: RunResult[] = [];
  const notMeasured: NotMeasured[] = [];
  const torchMissing = frameworks.includes('pytorch') ? await torchUnavailable() : null;
  if (torchMissing) notMeasured.push({ framework: 'pytorch', model: '*', reason: torchMissing });
  for (const key of models) {
    const spec = SPECS.find((s) => s.key === key) as TrainSpec;
    const attempt = async (framework: string, run: () => Promise<RunResult>) => {
      log(`bench train: ${spec.label} with ${framework} ...`);
      try {
        const r = await run();
        results.push(r);
        log(`bench train: ${spec.label} with ${framework}: ${r.epochSeconds.map((s) => s.toFixed(1)).join(', ')} s/epoch, accuracy ${r.accuracy?.toFixed(4) ?? '-'}`);
      } catch (error) {
        notMeasured.push({ framework, model: spec.key, reason: (error as Error).message });
        log(`bench train: ${spec.label} with ${framework} failed: ${(error as Error).message}`);
      }
    };
    if (frameworks.includes('tessera')) await attempt(`tessera-wasm-${threads}t`, () => runTessera(spec, dataset, limit, testLimit, threads, seed));
    if (frameworks.includes('pytorch') && !torchMissing) {
      for (const t of torchThreads) await attempt(`pytorch-${t}t`, () => runTorch(spec, benchData, t, seed));
    }
    if (frameworks.includes('tfjs')) {
      const rows = spec.key === 'mlp' ? limit : tfjsLimit;
      await attempt('tfjs-wasm', () => runTfjs(spec, dataset, rows, testLimit, spec.key === 'mlp' ? spec.epochs : tfjsEpochs));
      if (rows < limit || (spec.key !== 'mlp' && tfjsEpochs !== spec.epochs)) {
        notMeasured.push({ framework: 'tfjs-wasm', model: spec.key,
          reason: `trained on ${rows} rows for ${spec.key === 'mlp' ? spec.epochs : tfjsEpochs} epoch(s) only, not the full ${limit} x ${spec.epochs} (a full run takes many minutes here; --tfjs-limit/--tfjs-epochs change it); its accuracy is not comparable, its samples/s is (ratios use samples per second)` });
      }
    }
  }
  const report: TrainReport = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.versions.node,
      loadavg1m: { start: load0, end: loadavg()[0] }, uptimeEnd: execFileSync('uptime', { encoding: 'utf8' }).trim() },
    env: { OPENBLAS_CORETYPE: process.env.OPENBLAS_CORETYPE ?? null },
    data: { dir, trainRows: dataset.shape[0], testRows: dataset.test!.shape[0] },
    results, notMeasured,
    targets: judgeTargets(SPECS.filter((s) => models.includes(s.key)), results, dataset.shape[0], 'tessera'),
  };
  const md = markdown(report, SPECS);
  console.log(md);
  const here = dirname(fileURLToPath(import.meta.url));
  const jsonPath = resolve(a.json ?? resolve(here, '../../results/train.json'));
  const mdPath = resolve(a.md ?? jsonPath.replace(/\.json$/, '.md'));
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 2));
  writeFileSync(mdPath, `${md}\n`);
  log(`bench train: wrote ${jsonPath} and ${mdPath}`);
  return 0;
}

/** The four IDX file names in `dir` (plain or .gz, '-idx' or '.idx' spelling), as loadIdxDirectory finds them. */
async function findFiles(dir: string): Promise<BenchData['files']> {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir(dir);
  const pick = (stem: string) => {
    const found = names.find((n) => n.replace(/\.gz$/, '').replace('.idx', '-idx') === stem);
    if (!found) throw new Error(`${dir}: no ${stem} file`);
    return found;
  };
  return {
    trainImages: pick('train-images-idx3-ubyte'), trainLabels: pick('train-labels-idx1-ubyte'),
    testImages: pick('t10k-images-idx3-ubyte'), testLabels: pick('t10k-labels-idx1-ubyte'),
  };
}
