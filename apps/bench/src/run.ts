import { cpus, loadavg } from 'node:os';
import { ADAPTERS } from './adapters/index.js';
import { Unavailable, type Adapter, type OpFactory, type OpKind, type Runner } from './adapters/types.js';
import type { Kernel } from './kernels.js';
import { measure, type MeasureOptions } from './measure.js';
import { evaluateTargets, ratioRows, type Measured, type Report, type Unmeasured } from './report.js';
import { RATIOS, TARGETS } from './targets.js';

export interface RunOptions {
  readonly suite: string;
  readonly kernels: readonly Kernel[];
  readonly adapters: readonly string[];
  readonly measure: MeasureOptions;
  readonly log?: (line: string) => void;
  /** Where adapter ids are looked up; default: every adapter in src/adapters. */
  readonly registry?: Readonly<Record<string, () => Adapter>>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Runs every kernel on every adapter, kernel by kernel (so the figures a ratio compares are taken
 * close together in time), and collects medians, ratios and target verdicts. Nothing that fails
 * is dropped: it becomes an `unmeasured` entry with the reason.
 */
export async function runSuite(options: RunOptions): Promise<Report> {
  const log = options.log ?? (() => {});
  const loadStart = loadavg();
  const ready: Adapter[] = [];
  const unmeasured: Unmeasured[] = [];
  const notes: string[] = [];
  const registry = options.registry ?? ADAPTERS;
  const adapters = options.adapters.map((id) => {
    const make = registry[id];
    if (!make) throw new Error(`unknown adapter "${id}" (known: ${Object.keys(registry).join(', ')})`);
    return make();
  });
  for (const a of adapters) {
    try {
      await a.init();
      ready.push(a);
    } catch (error) {
      for (const k of options.kernels) unmeasured.push({ kernel: k.key, adapter: a.id, reason: message(error) });
    }
  }
  const results: Measured[] = [];
  for (const k of options.kernels) {
    const sums = new Map<string, number>();
    for (const a of ready) {
      const factory = a.ops[k.op] as OpFactory<OpKind> | undefined;
      if (!factory) {
        unmeasured.push({ kernel: k.key, adapter: a.id, reason: `${a.label} has no ${k.op} kernel` });
        continue;
      }
      let runner: Runner | null = null;
      try {
        await a.activate();
        runner = await factory(k.params);
        if (runner.checksum) sums.set(a.id, await runner.checksum());
        const t = await measure(runner, options.measure);
        const note = [runner.note, t.reps === 1 ? `one cold run (the first took over ${options.measure.slowMs / 1000} s)` : undefined]
          .filter(Boolean).join('; ');
        results.push({ kernel: k.key, adapter: a.id, ...t, gflops: k.flops / t.medianMs / 1e6, ...(note ? { note } : {}) });
        log(`${k.id.padEnd(40)} ${a.id.padEnd(10)} ${t.medianMs.toFixed(2).padStart(9)} ms  ${(k.flops / t.medianMs / 1e6).toFixed(1).padStart(7)} GFLOP/s  (${t.reps} reps)`);
      } catch (error) {
        const reason = error instanceof Unavailable ? error.message : `failed: ${message(error)}`;
        unmeasured.push({ kernel: k.key, adapter: a.id, reason });
        log(`${k.id.padEnd(40)} ${a.id.padEnd(10)} not measured: ${reason}`);
      } finally {
        runner?.dispose();
      }
    }
    // Every adapter computed the same op on the same inputs: their outputs must agree.
    const ref = [...sums.entries()][0];
    for (const [id, s] of sums) {
      if (ref && Math.abs(s - ref[1]) > 1e-3 * Math.abs(ref[1])) notes.push(`${k.key}: ${id}'s outputs differ from ${ref[0]}'s (sum of squares ${s} vs ${ref[1]})`);
    }
  }
  for (const a of adapters) await a.dispose();
  const loadEnd = loadavg();
  const cpu = cpus();
  return {
    suite: options.suite,
    date: new Date().toISOString(),
    machine: {
      cpu: cpu[0]?.model, cores: cpu.length, node: process.version,
      loadavg1m: { start: loadStart[0], end: loadEnd[0] }, loadavg5m: { start: loadStart[1], end: loadEnd[1] },
    },
    adapters: adapters.map((a) => ({ id: a.id, label: a.label })),
    kernels: options.kernels.map((k) => ({ key: k.key, id: k.id, flops: k.flops })),
    results,
    unmeasured,
    ratios: ratioRows(results, options.kernels, RATIOS),
    targets: evaluateTargets(results, unmeasured, TARGETS.filter((t) => options.kernels.some((k) => k.key === t.kernel))),
    notes,
  };
}
