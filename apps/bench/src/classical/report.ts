import type { Measure, TaskName } from './tasks.js';
import { cost, TASK_LABEL } from './tasks.js';

export interface Row {
  readonly dataset: string;
  readonly task: TaskName;
  readonly fashion: boolean;
  readonly ours: Measure;
  readonly sklearn?: Measure;
  readonly components?: number;
  mljs?: { workload: string; ours: Measure; theirs: Measure };
}

/** Time the targets compare: fit, plus predict for kNN (its fit only stores the data). */

function quality(task: TaskName, m: Measure): string {
  if (task === 'pca') return `${((m.quality as number[]).reduce((a, b) => a + b, 0) * 100).toFixed(2)}% var`;
  if (task === 'kmeans') return (m.quality as number).toFixed(1);
  return `${((m.quality as number) * 100).toFixed(2)}%`;
}

/** Agreement with scikit-learn against the issue's targets. */
function agreement(task: TaskName, ours: Measure, theirs: Measure): { text: string; ok: boolean } {
  if (task === 'pca') {
    const a = ours.quality as number[], b = theirs.quality as number[];
    const rel = Math.max(...a.map((v, i) => Math.abs(v - b[i]) / b[i]));
    const total = Math.abs(a.reduce((x, y) => x + y, 0) / b.reduce((x, y) => x + y, 0) - 1);
    return { text: `total ${(total * 100).toFixed(3)}%, worst component ${(rel * 100).toFixed(3)}%`, ok: total <= 0.001 };
  }
  if (task === 'kmeans') {
    const rel = (ours.quality as number) / (theirs.quality as number) - 1;
    return { text: `${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(3)}%`, ok: Math.abs(rel) <= 0.001 };
  }
  const d = ((ours.quality as number) - (theirs.quality as number)) * 100;
  return { text: `${d >= 0 ? '+' : ''}${d.toFixed(2)} pt`, ok: Math.abs(d) <= 1 };
}

const SPEED_TARGETS: readonly TaskName[] = ['rf', 'knn', 'logreg', 'tree', 'pca'];

export function printReport(rows: readonly Row[], notes: readonly string[]): void {
  console.log('\n| dataset | model | Tessera | scikit-learn | agreement | Tessera time | scikit-learn time | ratio | targets |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const label = r.task === 'pca' ? `PCA (${r.components ?? 'all'} comp.)` : TASK_LABEL[r.task];
    const t = cost(r.task, r.ours);
    if (!r.sklearn) {
      console.log(`| ${r.dataset} | ${label} | ${quality(r.task, r.ours)} | — | — | ${t.toFixed(2)} s | — | — | not measured |`);
      continue;
    }
    const a = agreement(r.task, r.ours, r.sklearn);
    const s = cost(r.task, r.sklearn);
    const ratio = t / s;
    const speedTarget = r.fashion && SPEED_TARGETS.includes(r.task);
    const verdict = [a.ok ? 'agreement ok' : 'agreement MISSED', speedTarget ? (ratio <= 2 ? 'time ok' : 'time MISSED (> 2x)') : ''].filter(Boolean).join(', ');
    console.log(`| ${r.dataset} | ${label} | ${quality(r.task, r.ours)} | ${quality(r.task, r.sklearn)} | ${a.text} | ${t.toFixed(2)} s | ${s.toFixed(2)} s | ${ratio.toFixed(2)}x | ${verdict} |`);
  }
  const withMljs = rows.filter((r) => r.mljs);
  if (withMljs.length > 0) {
    console.log('\n| dataset | model | matched workload | ml.js time | Tessera time | speed-up | ml.js quality | Tessera quality | target (>= 50x on Fashion) |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of withMljs) {
      const m = r.mljs as NonNullable<Row['mljs']>;
      const theirs = cost(r.task, m.theirs), ours = cost(r.task, m.ours), speedup = theirs / ours;
      const target = r.fashion && SPEED_TARGETS.includes(r.task) ? (speedup >= 50 ? 'ok' : 'MISSED') : 'no target';
      console.log(`| ${r.dataset} | ${TASK_LABEL[r.task]} | ${m.workload} | ${theirs.toFixed(2)} s | ${ours.toFixed(3)} s | ${speedup.toFixed(1)}x | ${quality(r.task, m.theirs)} | ${quality(r.task, m.ours)} | ${target} |`);
    }
  }
  console.log('\nTimes are wall seconds of fit (kNN: fit + predict, since its fit only stores the rows). Ratio = Tessera / scikit-learn (<= 2 is the target on Fashion for RF, kNN, logistic regression, tree, PCA).');
  const repeated = rows.find((r) => (r.ours.runs ?? 1) > 1);
  if (repeated) {
    console.log(`Each library runs each model ${repeated.ours.runs} times on fresh copies of the data; the tables show the run of median time. First runs (Tessera's include compiling its JavaScript): ${
      rows.map((r) => `${r.dataset} ${r.task} ${r.ours.first?.toFixed(2)} s vs ${r.sklearn?.first?.toFixed(2) ?? '—'} s`).join('; ')}.`);
  }
  console.log('ml.js rows: both libraries run the same reduced workload (ml.js would take hours on the full one); the >= 50x target covers the same five models on Fashion.');
  if (notes.length > 0) {
    console.log('\nNot measured / caveats:');
    for (const n of notes) console.log(`- ${n}`);
  }
}
