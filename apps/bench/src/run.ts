import { cpus, loadavg } from 'node:os';
import { ADAPTERS } from './adapters/index.js';
import { Unavailable, type Adapter, type ComputeKind, type FirstRunParams, type OpFactory, type OpKind, type Runner } from './adapters/types.js';
import type { Kernel } from './kernels.js';
import { sample, summarize, time, warmUp, type MeasureOptions } from './measure.js';
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
  const { rounds } = options.measure;
  for (const k of options.kernels) {
    const sums = new Map<string, number>();
    const prepared: { adapter: Adapter; runner: Runner; times: number[]; failed: boolean; cpuMs: number; wallMs: number }[] = [];
    const fail = (a: Adapter, error: unknown) => {
      const reason = error instanceof Unavailable ? error.message : `failed: ${message(error)}`;
      unmeasured.push({ kernel: k.key, adapter: a.id, reason });
      log(`${k.id.padEnd(40)} ${a.id.padEnd(10)} not measured: ${reason}`);
    };
    const record = (a: Adapter, runner: Runner, times: number[], cold: boolean, coresUsed?: number) => {
      const t = summarize(times);
      const note = [runner.note, cold ? `one cold run (the first took over ${options.measure.slowMs / 1000} s)` : undefined]
        .filter(Boolean).join('; ');
      results.push({ kernel: k.key, adapter: a.id, ...t, gflops: k.flops / t.medianMs / 1e6,
        ...(coresUsed !== undefined ? { coresUsed } : {}), ...(note ? { note } : {}) });
      const rate = k.flops > 0 ? `${(k.flops / t.medianMs / 1e6).toFixed(1).padStart(7)} GFLOP/s` : ''.padStart(15);
      log(`${k.id.padEnd(40)} ${a.id.padEnd(10)} ${t.medianMs.toFixed(2).padStart(9)} ms  ${rate}  (${t.reps} reps)`);
    };
    // A first run is the adapter's own kernel of another kind, timed once before anything else.
    const firstRun = k.op === 'firstRun';
    const { op, params } = firstRun ? k.params as FirstRunParams : { op: k.op as Exclude<OpKind, 'firstRun'>, params: k.params };
    for (const a of ready) {
      const factory = a.ops[op] as OpFactory<ComputeKind> | undefined;
      if (!factory) {
        unmeasured.push({ kernel: k.key, adapter: a.id, reason: `${a.label} has no ${op} kernel` });
        continue;
      }
      let runner: Runner | null = null;
      try {
        await a.activate();
        runner = await factory(params as never);
        if (firstRun) {
          const once = await time(runner);
          if (runner.checksum) sums.set(a.id, await runner.checksum());
          record(a, runner, [once], false);
          runner.dispose();
          continue;
        }
        if (runner.checksum) sums.set(a.id, await runner.checksum());
        const cold = await warmUp(runner, options.measure);
        if (cold !== null) {
          record(a, runner, [cold], true);
          runner.dispose();
        } else {
          prepared.push({ adapter: a, runner, times: [], failed: false, cpuMs: 0, wallMs: 0 });
        }
      } catch (error) {
        fail(a, error);
        runner?.dispose();
      }
    }
    // The adapters take turns, so load changes during the kernel hit all of them alike.
    for (let round = 0; round < rounds; round++) {
      for (const p of prepared) {
        if (p.failed) continue;
        try {
          await p.adapter.activate();
          const minReps = Math.ceil((p.times[0] > 1000 ? 3 : options.measure.minReps) / rounds);
          const cpu = process.cpuUsage();
          const wall = performance.now();
          p.times.push(...await sample(p.runner, options.measure.budgetMs / rounds, minReps, Math.ceil(options.measure.maxReps / rounds)));
          const used = process.cpuUsage(cpu);
          p.cpuMs += (used.user + used.system) / 1000;
          p.wallMs += performance.now() - wall;
        } catch (error) {
          fail(p.adapter, error);
          p.failed = true;
        }
      }
    }
    for (const p of prepared) {
      if (!p.failed) record(p.adapter, p.runner, p.times, false, p.wallMs > 0 ? p.cpuMs / p.wallMs : undefined);
      p.runner.dispose();
    }
    // Every adapter computed the same op on the same inputs: their outputs must agree.
    const ref = [...sums.entries()][0];
    for (const [id, s] of sums) {
      if (ref && Math.abs(s - ref[1]) > 1e-3 * Math.abs(ref[1])) notes.push(`${k.key}: ${id}'s outputs differ from ${ref[0]}'s (sum of squares ${s} vs ${ref[1]})`);
    }
  }
  const devices = new Map(ready.map((a) => [a.id, a.device?.()]));
  for (const a of adapters) await a.dispose();
  const loadEnd = loadavg();
  const cpu = cpus();
  return {
    suite: options.suite,
    date: new Date().toISOString(),
    machine: {
      cpu: cpu[0]?.model, cores: cpu.length, node: process.version,
      loadavg1m: { start: loadStart[0], end: loadEnd[0] }, loadavg5m: { start: loadStart[1], end: loadEnd[1] },
      note: 'load averages count every runnable process, this one included; coresUsed per result shows what the bench itself got',
    },
    adapters: adapters.map((a) => {
      const device = devices.get(a.id);
      return { id: a.id, label: a.label, ...(device ? { device } : {}) };
    }),
    kernels: options.kernels.map((k) => ({ key: k.key, id: k.id, flops: k.flops })),
    results,
    unmeasured,
    ratios: ratioRows(results, options.kernels, RATIOS),
    // The targets of the kernels and adapters in this run (a WebGPU run leaves out the WASM ones).
    targets: evaluateTargets(results, unmeasured, TARGETS.filter((t) => options.kernels.some((k) => k.key === t.kernel)
      && (options.adapters.includes(t.ours) || options.adapters.includes(t.base)))),
    notes,
  };
}
