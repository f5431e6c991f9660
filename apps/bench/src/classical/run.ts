import { cpus, loadavg } from 'node:os';
import { getBackend, matmul, setBackend, tensor, tidy } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';
import { digits, fashion, type BenchData } from './data.js';
import { runMljs } from './mljs.js';
import { runSklearn, sklearnAvailable } from './sklearn.js';
import { runTessera } from './tessera.js';
import { freshCopy, medianRun, subset, TASK_LABEL, type Measure, type TaskName, type Workload } from './tasks.js';
import { printReport, type Row } from './report.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * The wasm backend (multi-threaded), else the JS reference backend. Returns a description and
 * a dispose function: the wasm backend's threads keep Node running until it is disposed.
 */
async function pickBackend(requested: string | undefined): Promise<{ description: string; dispose: () => void }> {
  if (requested !== 'js') {
    try {
      const { createWasmBackend } = await import('@tessera/backend-wasm');
      const backend = createWasmBackend({ warn: false });
      await setBackend(backend);
      const info = (backend as unknown as { threadInfo?: () => { threads: number } }).threadInfo?.();
      return { description: `wasm${info ? ` (${info.threads} threads)` : ''}`, dispose: () => backend.dispose() };
    } catch (error) {
      if (requested === 'wasm') throw error;
      const js = createJsBackend();
      await setBackend(js);
      return { description: `js (wasm unavailable: ${(error as Error).message})`, dispose: () => js.dispose() };
    }
  }
  const js = createJsBackend();
  await setBackend(js);
  return { description: 'js', dispose: () => js.dispose() };
}

/** The full-size workloads of one dataset. */
function workloads(data: BenchData, fashionSized: boolean): Workload[] {
  return [
    { task: 'rf', data, trees: 100 },
    { task: 'knn', data },
    { task: 'logreg', data, iterations: 100 },
    { task: 'tree', data },
    { task: 'pca', data, components: fashionSized ? 50 : 20 },
    { task: 'kmeans', data, inits: 10 },
  ];
}

/** Smaller workloads on which the ml.js packages finish in reasonable time; Tessera runs the same. */
function mljsWorkloads(data: BenchData, fashionSized: boolean): Workload[] {
  const small = (rows: number, queries?: number) => subset(data, rows, queries);
  return fashionSized
    ? [
      { task: 'rf', data: small(500, 500), trees: 5 },
      { task: 'knn', data: small(10_000, 400) },
      { task: 'logreg', data: small(2000, 500), iterations: 100 },
      { task: 'tree', data: small(1000, 500) },
      { task: 'pca', data: small(2000, 10), components: 50 },
      { task: 'kmeans', data: small(2000, 10), inits: 1 },
    ]
    : [
      { task: 'rf', data: small(1437), trees: 10 },
      { task: 'knn', data },
      { task: 'logreg', data, iterations: 100 },
      { task: 'tree', data },
      { task: 'pca', data, components: 20 },
      { task: 'kmeans', data, inits: 1 },
    ];
}

export async function run(args: string[]): Promise<void> {
  const backend = await pickBackend(option(args, 'backend'));
  try {
    await measure(args, backend.description);
  } finally {
    backend.dispose();
  }
}

async function measure(args: string[], backend: string): Promise<void> {
  const only = option(args, 'datasets')?.split(',') ?? ['digits', 'fashion'];
  const tasks = option(args, 'tasks')?.split(',') as TaskName[] | undefined;
  const unknown = tasks?.filter((t) => !(t in TASK_LABEL));
  if (unknown && unknown.length > 0) throw new Error(`bench classical: unknown task(s) ${unknown.join(', ')}; known: ${Object.keys(TASK_LABEL).join(', ')}`);
  const chosen = (ws: Workload[]) => (tasks ? ws.filter((w) => tasks.includes(w.task)) : ws);
  const skipMljs = args.includes('--skip-mljs');
  const skipSklearn = args.includes('--skip-sklearn');
  const repeats = Number(option(args, 'repeats') ?? 3);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`bench classical: --repeats must be an integer >= 1, got ${option(args, 'repeats')}`);
  const notes: string[] = [];
  const [l1, l5] = loadavg();
  console.log(`# pnpm bench classical — ${new Date().toISOString()}`);
  console.log(`node ${process.version}, ${cpus().length} cores, load average ${l1.toFixed(2)} / ${l5.toFixed(2)} (1 / 5 min), backend ${backend} (${getBackend()})`);
  console.log(`OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}`);

  const sets: [BenchData, boolean][] = [];
  if (only.includes('digits')) sets.push([digits(), false]);
  if (only.includes('fashion')) {
    const f = fashion();
    if ('missing' in f) notes.push(`Fashion-MNIST not measured: ${f.missing}`);
    else sets.push([f, true]);
  }

  const sk = skipSklearn ? { missing: 'skipped (--skip-sklearn)' } : sklearnAvailable();
  if ('missing' in sk) notes.push(`scikit-learn not measured: ${sk.missing}`);
  else console.log(`scikit-learn ${sk.version} via /usr/bin/python3 (RandomForest and kNN with n_jobs=-1; BLAS threads as configured)`);

  // The backend's first large product grows its memory and starts its threads: do that before timing.
  tidy(() => matmul(tensor(new Float32Array(1024 * 784), [1024, 784]), tensor(new Float32Array(10_000 * 784), [10_000, 784]), { transposeB: true }).dataSync());

  const rows: Row[] = [];
  for (const [data, fashionSized] of sets) {
    const ws = chosen(workloads(data, fashionSized));
    const ours: Measure[] = [];
    for (const w of ws) {
      process.stdout.write(`  tessera ${data.name}: ${TASK_LABEL[w.task]} ...`);
      const runs: Measure[] = [];
      for (let r = 0; r < repeats; r++) runs.push(await runTessera(freshCopy(w)));
      const m = medianRun(w.task, runs);
      ours.push(m);
      console.log(` ${m.fit.toFixed(2)} s${m.note ? ` (${m.note})` : ''}`);
      if (m.note?.includes('sequentially')) notes.push(`${data.name}: ${m.note}`);
    }
    let theirs: (Measure | undefined)[] = ws.map(() => undefined);
    if (!('missing' in sk)) {
      process.stdout.write(`  scikit-learn ${data.name} ...`);
      try { theirs = runSklearn(ws, repeats); console.log(' done'); } catch (error) { notes.push(String((error as Error).message)); console.log(' failed'); }
    }
    ws.forEach((w, i) => rows.push({ dataset: data.name, task: w.task, fashion: fashionSized, ours: ours[i], sklearn: theirs[i], components: w.components }));

    if (!skipMljs) {
      for (const w of chosen(mljsWorkloads(data, fashionSized))) {
        process.stdout.write(`  ml.js vs tessera on ${w.data.name}: ${w.task} ...`);
        try {
          const mine = await runTessera(w);
          const mljs = await runMljs(w);
          const row = rows.find((r) => r.dataset === data.name && r.task === w.task);
          if (row) Object.assign(row, { mljs: { workload: describe(w), ours: mine, theirs: mljs } });
          console.log(` ${mljs.fit.toFixed(2)} s vs ${mine.fit.toFixed(2)} s`);
        } catch (error) {
          notes.push(`ml.js ${w.task} on ${w.data.name} failed: ${(error as Error).message}`);
          console.log(' failed');
        }
      }
    } else notes.push('ml.js not measured: --skip-mljs');
  }
  printReport(rows, notes);
}

function describe(w: Workload): string {
  const parts = [`${w.data.XTrain.rows} rows`];
  if (w.task === 'knn' || w.task === 'rf' || w.task === 'tree' || w.task === 'logreg') parts.push(`${w.data.XTest.rows} queries`);
  if (w.trees) parts.push(`${w.trees} trees`);
  if (w.inits) parts.push(`${w.inits} init`);
  if (w.iterations) parts.push(`${w.iterations} iterations`);
  return parts.join(', ');
}

export type { TaskName };
