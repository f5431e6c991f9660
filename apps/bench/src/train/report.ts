import type { NotMeasured, RunResult, TrainSpec } from './specs.js';

export interface TrainReport {
  readonly date: string;
  readonly machine: { cpu: string; cores: number; node: string; loadavg1m: { start: number; end: number }; uptimeEnd: string };
  readonly env: { OPENBLAS_CORETYPE: string | null };
  readonly data: { dir: string; trainRows: number; testRows: number };
  readonly results: readonly RunResult[];
  readonly notMeasured: readonly NotMeasured[];
  readonly targets: readonly TargetLine[];
}

export interface TargetLine {
  readonly text: string;
  readonly value: number | null;
  readonly met: boolean | null;
  readonly why?: string;
}

export const meanEpoch = (r: RunResult): number => r.epochSeconds.reduce((a, b) => a + b, 0) / r.epochSeconds.length;
export const samplesPerSecond = (r: RunResult): number => r.trainRows / meanEpoch(r);

const find = (results: readonly RunResult[], model: string, prefix: string) => results.find((r) => r.model === model && r.framework.startsWith(prefix));

/** The issue-5 targets, judged only from figures of this run; anything else is "not measured" with the reason. */
export function judgeTargets(specs: readonly TrainSpec[], results: readonly RunResult[], fullRows: number, tesseraPrefix: string): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const spec of specs) {
    const ours = find(results, spec.key, tesseraPrefix);
    const text = `${spec.label}: test accuracy >= ${spec.minAccuracy} after ${spec.epochs} epochs (Tessera)`;
    if (!ours || ours.accuracy === null) lines.push({ text, value: null, met: null, why: 'the Tessera run did not complete' });
    else if (ours.trainRows < fullRows || ours.epochs !== spec.epochs) {
      lines.push({ text, value: ours.accuracy, met: null, why: `measured on ${ours.trainRows} of ${fullRows} training rows; the target is for the full set` });
    } else lines.push({ text, value: ours.accuracy, met: ours.accuracy >= spec.minAccuracy });
    if (spec.maxTimeRatio !== null) {
      const torch = results.filter((r) => r.model === spec.key && r.framework.startsWith('pytorch'))
        .sort((x, y) => samplesPerSecond(y) - samplesPerSecond(x))[0];
      const t = `${spec.label}: epoch time Tessera wasm / PyTorch (its faster thread setting${torch ? `, ${torch.framework}` : ''}) <= ${spec.maxTimeRatio}`;
      if (!ours || !torch) lines.push({ text: t, value: null, met: null, why: !ours ? 'the Tessera run did not complete' : 'PyTorch did not run (see below)' });
      else {
        const ratio = samplesPerSecond(torch) / samplesPerSecond(ours);
        lines.push({ text: t, value: ratio, met: ratio <= spec.maxTimeRatio });
      }
    }
  }
  return lines;
}

const f = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));

export function markdown(report: TrainReport, specs: readonly TrainSpec[]): string {
  const m = report.machine;
  const out: string[] = [];
  out.push(`${report.date} · ${m.cpu} · ${m.cores} cores · Node ${m.node} · load average (1 min) ${m.loadavg1m.start.toFixed(2)} at start, `
    + `${m.loadavg1m.end.toFixed(2)} at end · uptime at end: ${m.uptimeEnd} · OPENBLAS_CORETYPE=${report.env.OPENBLAS_CORETYPE ?? '(unset)'}`);
  out.push('', `Fashion-MNIST from ${report.data.dir}: ${report.data.trainRows} training and ${report.data.testRows} test rows available.`, '');
  out.push('| model | framework | train rows | epochs | seconds per epoch | mean s/epoch | samples/s | test accuracy (rows) |');
  out.push('|---|---|---|---|---|---|---|---|');
  for (const r of report.results) {
    const label = specs.find((s) => s.key === r.model)?.label ?? r.model;
    out.push(`| ${label} | ${r.framework} | ${r.trainRows} | ${r.epochs} | ${r.epochSeconds.map((s) => s.toFixed(1)).join(', ')} | `
      + `${meanEpoch(r).toFixed(2)} | ${samplesPerSecond(r).toFixed(0)} | ${f(r.accuracy, 4)} (${r.testRows}) |`);
  }
  const notes = report.results.filter((r) => r.note).map((r) => `- ${r.framework}, ${r.model}: ${r.note}`);
  if (notes.length) out.push('', 'Notes:', ...[...new Set(notes)]);
  out.push('', 'Speed ratios (samples per second, so runs on different row counts compare; > 1 means Tessera is faster):', '');
  for (const spec of specs) {
    const ours = report.results.find((r) => r.model === spec.key && r.framework.startsWith('tessera'));
    if (!ours) continue;
    for (const peer of report.results.filter((r) => r.model === spec.key && !r.framework.startsWith('tessera'))) {
      out.push(`- ${spec.label}: ${ours.framework} vs ${peer.framework}: ${(samplesPerSecond(ours) / samplesPerSecond(peer)).toFixed(2)}x`);
    }
  }
  out.push('', 'Targets (issue 5):', '');
  for (const t of report.targets) {
    out.push(`- ${t.text}: ${t.value === null ? 'not measured' : t.value.toFixed(t.text.includes('ratio') || t.text.includes('/') ? 2 : 4)}`
      + ` — ${t.met === null ? `not judged (${t.why})` : t.met ? 'met' : 'NOT met'}`);
  }
  out.push('', 'Not measured:', '');
  if (report.notMeasured.length === 0) out.push('- nothing: every requested run completed');
  for (const n of report.notMeasured) out.push(`- ${n.framework}${n.model === '*' ? '' : `, ${n.model}`}: ${n.reason}`);
  return out.join('\n');
}
