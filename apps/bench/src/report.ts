import type { Kernel } from './kernels.js';
import type { Target } from './targets.js';

export interface Measured {
  readonly kernel: string;
  readonly adapter: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly reps: number;
  readonly gflops: number;
  /** Process CPU time over wall time while timing: about 1 on one thread, up to N on N threads
   * when N cores were free (lower means other processes held a core). */
  readonly coresUsed?: number;
  readonly note?: string;
}

export interface Unmeasured {
  readonly kernel: string;
  readonly adapter: string;
  readonly reason: string;
}

export interface RatioRow {
  readonly kernel: string;
  readonly ours: string;
  readonly base: string;
  readonly ratio: number;
}

export interface TargetResult {
  readonly issue: number;
  readonly text: string;
  readonly ratio: number | null;
  readonly min: number;
  readonly met: boolean | null;
  readonly reason?: string;
}

export interface Report {
  readonly suite: string;
  readonly date: string;
  readonly machine: Record<string, unknown>;
  /** `device`: what the adapter ran on, when it matters (a GPU adapter and its driver). */
  readonly adapters: { id: string; label: string; device?: string }[];
  readonly kernels: { key: string; id: string; flops: number }[];
  readonly results: Measured[];
  readonly unmeasured: Unmeasured[];
  readonly ratios: RatioRow[];
  readonly targets: TargetResult[];
  readonly notes: string[];
}

const find = (results: readonly Measured[], kernel: string, adapter: string) =>
  results.find((r) => r.kernel === kernel && r.adapter === adapter);

/** Speed-up of `ours` over `base` on a kernel (base median / ours median), or null if either is missing. */
export function ratio(results: readonly Measured[], kernel: string, ours: string, base: string): number | null {
  const a = find(results, kernel, ours), b = find(results, kernel, base);
  return a && b ? b.medianMs / a.medianMs : null;
}

export function ratioRows(results: readonly Measured[], kernels: readonly Kernel[], pairs: readonly (readonly [string, string])[]): RatioRow[] {
  const rows: RatioRow[] = [];
  for (const k of kernels) {
    for (const [ours, base] of pairs) {
      const r = ratio(results, k.key, ours, base);
      if (r !== null) rows.push({ kernel: k.key, ours, base, ratio: r });
    }
  }
  return rows;
}

export function evaluateTargets(results: readonly Measured[], unmeasured: readonly Unmeasured[], targets: readonly Target[]): TargetResult[] {
  return targets.map((t) => {
    const r = ratio(results, t.kernel, t.ours, t.base);
    if (r === null) {
      const why = unmeasured.filter((u) => u.kernel === t.kernel && (u.adapter === t.ours || u.adapter === t.base));
      return { issue: t.issue, text: t.text, ratio: null, min: t.min, met: null, reason: why.map((u) => `${u.adapter}: ${u.reason}`).join('; ') || 'not run' };
    }
    return { issue: t.issue, text: t.text, ratio: r, min: t.min, met: r >= t.min };
  });
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const fmtG = (g: number) => (g >= 10 ? g.toFixed(1) : g.toFixed(2));

/** The Markdown report: medians with GFLOP/s, speed-ups, targets, and what was not measured. */
export function markdown(report: Report): string {
  const { adapters, kernels, results } = report;
  const lines: string[] = [];
  lines.push(`Median time in ms (GFLOP/s in parentheses; for pooling and elementwise kernels, G elements/s).`);
  lines.push('');
  lines.push(`| kernel | ${adapters.map((a) => a.label).join(' | ')} |`);
  lines.push(`|---|${adapters.map(() => '---:').join('|')}|`);
  for (const k of kernels) {
    const cells = adapters.map((a) => {
      const r = find(results, k.key, a.id);
      // Rows without a rate (first runs) show the time alone.
      return r ? `${fmtMs(r.medianMs)}${r.gflops > 0 ? ` (${fmtG(r.gflops)})` : ''}${r.note ? ' *' : ''}` : 'n/a';
    });
    lines.push(`| ${k.id} | ${cells.join(' | ')} |`);
  }
  const pairs = [...new Set(report.ratios.map((r) => `${r.ours}|${r.base}`))].map((p) => p.split('|') as [string, string]);
  if (pairs.length) {
    const label = (id: string) => adapters.find((a) => a.id === id)?.label ?? id;
    // Cores the multi-threaded adapters actually got: a 2-thread figure means little without it.
    // Likewise for device adapters: on a CPU adapter the driver's threads do the computing.
    const threaded = adapters.filter((a) => results.some((r) => r.adapter === a.id && (r.coresUsed ?? 0) > 0)
      && ((/-(\d+)t$/.test(a.id) && !a.id.endsWith('-1t')) || a.device !== undefined));
    lines.push('');
    lines.push('Speed-up (base median / ours median; above 1 means ours is faster)' +
      (threaded.length ? ', and the cores the process got while each multi-threaded or device adapter ran (CPU time / wall time while timing).' : '.'));
    lines.push('');
    lines.push(`| kernel | ${[...pairs.map(([o, b]) => `${label(o)} vs ${label(b)}`), ...threaded.map((a) => `cores used by ${a.label}`)].join(' | ')} |`);
    lines.push(`|---|${[...pairs, ...threaded].map(() => '---:').join('|')}|`);
    for (const k of kernels) {
      const cells = pairs.map(([o, b]) => {
        const r = report.ratios.find((x) => x.kernel === k.key && x.ours === o && x.base === b);
        return r ? `${r.ratio.toFixed(2)}x` : 'n/a';
      });
      for (const a of threaded) {
        const c = find(results, k.key, a.id)?.coresUsed;
        cells.push(c === undefined ? 'n/a' : c.toFixed(2));
      }
      lines.push(`| ${k.id} | ${cells.join(' | ')} |`);
    }
  }
  for (const issue of [...new Set(report.targets.map((t) => t.issue))]) {
    lines.push('');
    lines.push(`Targets (issue ${issue}):`);
    lines.push('');
    for (const t of report.targets.filter((x) => x.issue === issue)) {
      const status = t.met === null ? 'NOT MEASURED' : t.met ? 'met' : 'NOT met';
      lines.push(`- ${t.text}: ${t.ratio === null ? `n/a (${t.reason})` : `${t.ratio.toFixed(2)}x`} — ${status}`);
    }
  }
  const noted = results.filter((r) => r.note);
  if (noted.length || report.notes.length) {
    lines.push('');
    for (const r of noted) lines.push(`\\* ${r.kernel} on ${r.adapter}: ${r.note}`);
    for (const n of report.notes) lines.push(`- ${n}`);
  }
  if (report.unmeasured.length) {
    lines.push('');
    lines.push('Not measured:');
    for (const u of report.unmeasured) lines.push(`- ${u.kernel} on ${u.adapter}: ${u.reason}`);
  }
  return lines.join('\n');
}

/**
 * The line above the tables: date, machine, load, and what each device-bound adapter ran on
 * (adapters sharing one device are named together).
 */
export function header(report: Report): string {
  const m = report.machine as { cpu?: string; cores?: number; node?: string; loadavg1m?: { start: number; end: number } };
  const lines = [`${report.date} · ${m.cpu} · ${m.cores} cores · Node ${m.node}` +
    (m.loadavg1m ? ` · load average (1 min) ${m.loadavg1m.start.toFixed(2)} at start, ${m.loadavg1m.end.toFixed(2)} at end` : '')];
  const devices = new Map<string, string[]>();
  for (const a of report.adapters) if (a.device) devices.set(a.device, [...(devices.get(a.device) ?? []), a.label]);
  for (const [device, labels] of devices) lines.push(`${labels.join(' and ')}: ${device}`);
  return lines.join('\n\n');
}
