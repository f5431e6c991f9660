import { performance } from 'node:perf_hooks';
import { dispose, setBackend, setKernelProfiler, setSeed, type KernelTiming } from '@tessera/tensor';
import { createWasmBackend } from '@tessera/backend-wasm';
import { resetNames } from '@tessera/nn';
import type { LoadedDataset } from '@tessera/data/node';
import { rows } from './tessera-run.js';
import { tesseraModel, type TrainSpec } from './specs.js';

/** Time of one kernel (op name + shapes) per training step, over the profiled steps. */
export interface ProfileRow {
  readonly name: string;
  readonly shapes: string;
  readonly callsPerStep: number;
  readonly msPerStep: number;
}

export interface ModelProfile {
  readonly model: TrainSpec['key'];
  readonly threads: number;
  readonly steps: number;
  /** Mean wall time of a whole step (fit's batch: gather, forward, backward, update, log read). */
  readonly stepMs: number;
  /** Median of the same. */
  readonly medianStepMs: number;
  /** Mean time from one batch's start to the next one's (adds fit's shuffle gather and callbacks). */
  readonly periodMs: number;
  /** Mean over profiled steps of the time spent inside kernel calls. */
  readonly kernelMsPerStep: number;
  /** CPU time / wall time of the process while profiling (the cores the run got). */
  readonly coresUsed: number;
  readonly rows: readonly ProfileRow[];
}

const shapeKey = (t: KernelTiming) => `${t.inputShapes.map((s) => `[${s}]`).join(' ')} -> [${t.shape}]`;

/**
 * Trains `warmup + steps` batches of one model on @tessera/backend-wasm through `model.fit` and
 * times every kernel call of the last `steps` with the core's kernel profiler, grouped by op and
 * shapes. The profiler's own cost (one closure call per kernel) is inside the step time.
 */
export async function profileModel(spec: TrainSpec, data: LoadedDataset, threads: number, steps: number, warmup: number, seed: number): Promise<ModelProfile> {
  const backend = createWasmBackend({ threads, warn: false });
  await setBackend(backend);
  const n = Math.min((steps + warmup) * spec.batchSize, data.shape[0]);
  const train = rows(data.x as Uint8Array, data.y, n);
  setSeed(seed);
  resetNames();
  const model = tesseraModel(spec.key);
  const groups = new Map<string, { name: string; shapes: string; calls: number; ms: number }>();
  const stepTimes: number[] = [];
  let kernelMs = 0;
  let stepStart = 0;
  let lastBegin = 0;
  const periods: number[] = [];
  let cpuStart = process.cpuUsage();
  let wallStart = 0;
  const record = (t: KernelTiming) => {
    const key = `${t.name} ${shapeKey(t)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, g = { name: t.name, shapes: shapeKey(t), calls: 0, ms: 0 });
    g.calls++;
    g.ms += t.ms;
    kernelMs += t.ms;
  };
  try {
    model.compile({ optimizer: { name: 'adam', learningRate: spec.lr }, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(train.xs, train.ys, {
      epochs: 1, batchSize: spec.batchSize, seed, shuffle: true,
      callbacks: [{
        onBatchBegin: (batch) => {
          if (batch === warmup) { cpuStart = process.cpuUsage(); wallStart = performance.now(); }
          if (batch >= warmup) setKernelProfiler(record);
          stepStart = performance.now();
          if (batch > warmup) periods.push(stepStart - lastBegin);
          lastBegin = stepStart;
        },
        onBatchEnd: (batch) => {
          if (batch >= warmup) stepTimes.push(performance.now() - stepStart);
          setKernelProfiler(null);
        },
      }],
    });
    const cpu = process.cpuUsage(cpuStart);
    const wall = performance.now() - wallStart;
    const profiled = stepTimes.length;
    const mean = stepTimes.reduce((x, y) => x + y, 0) / profiled;
    stepTimes.sort((x, y) => x - y);
    return {
      model: spec.key, threads, steps: profiled,
      stepMs: mean, medianStepMs: stepTimes[Math.floor(profiled / 2)],
      periodMs: periods.reduce((x, y) => x + y, 0) / Math.max(periods.length, 1),
      kernelMsPerStep: kernelMs / profiled,
      coresUsed: (cpu.user + cpu.system) / 1000 / wall,
      rows: [...groups.values()]
        .map((g) => ({ name: g.name, shapes: g.shapes, callsPerStep: g.calls / profiled, msPerStep: g.ms / profiled }))
        .sort((a, b) => b.msPerStep - a.msPerStep),
    };
  } finally {
    setKernelProfiler(null);
    model.dispose();
    dispose([train.xs, train.ys]);
    backend.dispose();
  }
}

/** The profile as Markdown: totals per op name, then the `top` heaviest op + shape rows. */
export function profileMarkdown(p: ModelProfile, top = 30): string {
  const byName = new Map<string, { calls: number; ms: number }>();
  for (const r of p.rows) {
    const g = byName.get(r.name) ?? { calls: 0, ms: 0 };
    g.calls += r.callsPerStep;
    g.ms += r.msPerStep;
    byName.set(r.name, g);
  }
  const pct = (ms: number) => `${((100 * ms) / p.stepMs).toFixed(1)}%`;
  const lines = [
    `### ${p.model}: wasm ${p.threads} thread(s), ${p.steps} profiled steps`,
    '',
    `Step (mean wall) ${p.stepMs.toFixed(2)} ms (median ${p.medianStepMs.toFixed(2)}); inside kernels ${p.kernelMsPerStep.toFixed(2)} ms (${pct(p.kernelMsPerStep)}); ` +
      `outside kernels (core, JS, scalars read back) ${(p.stepMs - p.kernelMsPerStep).toFixed(2)} ms; ` +
      `batch to batch (with fit's shuffle gather) ${p.periodMs.toFixed(2)} ms; cores used ${p.coresUsed.toFixed(2)}.`,
    '',
    '| op | calls/step | ms/step | of step |',
    '|---|---:|---:|---:|',
    ...[...byName].sort((a, b) => b[1].ms - a[1].ms)
      .map(([name, g]) => `| ${name} | ${g.calls.toFixed(1)} | ${g.ms.toFixed(3)} | ${pct(g.ms)} |`),
    '',
    '| op | shapes | calls/step | ms/step | of step |',
    '|---|---|---:|---:|---:|',
    ...p.rows.slice(0, top).map((r) => `| ${r.name} | ${r.shapes} | ${r.callsPerStep.toFixed(1)} | ${r.msPerStep.toFixed(3)} | ${pct(r.msPerStep)} |`),
  ];
  return lines.join('\n');
}
