import { Matrix } from '@tessera/ml';
import type { BenchData } from './data.js';

export type TaskName = 'rf' | 'knn' | 'logreg' | 'tree' | 'pca' | 'kmeans';

/** One model run: its quality on the test rows and its wall times in seconds. */
export interface Measure {
  /** Accuracy, or the explained variance ratios (PCA), or the inertia (k-means). */
  readonly quality: number | number[];
  readonly fit: number;
  readonly predict?: number;
  /** Something the reader should know about this measurement. */
  readonly note?: string;
  /** With repeated runs: how many, and the first run's fit (+ predict) seconds. */
  readonly runs?: number;
  readonly first?: number;
}

/** A workload: the task, its size knobs and the data. */
export interface Workload {
  readonly task: TaskName;
  readonly data: BenchData;
  readonly trees?: number;
  readonly components?: number;
  readonly inits?: number;
  readonly iterations?: number;
}

export const TASK_LABEL: Record<TaskName, string> = {
  rf: 'random forest (100 trees)', knn: 'kNN (k=5)', logreg: 'logistic regression', tree: 'decision tree', pca: 'PCA', kmeans: 'k-means (k=10)',
};

export function accuracy(pred: ArrayLike<unknown>, truth: readonly number[]): number {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) hit++;
  return hit / truth.length;
}

/** Seconds taken by an async function, with its result. */
export async function timed<T>(f: () => T | Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, (performance.now() - t0) / 1000];
}

/** The first `rows` training rows (and optionally `queries` test rows) of a dataset. */
export function subset(data: BenchData, rows?: number, queries?: number): BenchData {
  const r = Math.min(rows ?? data.XTrain.rows, data.XTrain.rows), q = Math.min(queries ?? data.XTest.rows, data.XTest.rows);
  const idx = (n: number) => Array.from({ length: n }, (_, i) => i);
  return {
    name: `${data.name} (${r} train, ${q} test rows)`,
    XTrain: data.XTrain.takeRows(idx(r)), yTrain: data.yTrain.slice(0, r),
    XTest: data.XTest.takeRows(idx(q)), yTest: data.yTest.slice(0, q),
  };
}

/** The seconds a run is judged by: fit, and for kNN (whose fit only stores the rows) fit + predict. */
export function cost(task: TaskName, m: Measure): number {
  return task === 'knn' ? m.fit + (m.predict ?? 0) : m.fit;
}

/**
 * The run of median cost among `runs` (in run order), marked with the number of runs and the
 * first run's cost: the first run of a JavaScript model also pays for compiling its code, which
 * later runs (and a long-lived process) do not.
 */
export function medianRun(task: TaskName, runs: readonly Measure[]): Measure {
  const sorted = [...runs].sort((a, b) => cost(task, a) - cost(task, b));
  return { ...sorted[(sorted.length - 1) >> 1], runs: runs.length, first: cost(task, runs[0]) };
}

/** The workload on fresh copies of its matrices, so nothing a run caches on them helps the next. */
export function freshCopy(w: Workload): Workload {
  const copy = (m: Matrix) => new Matrix(m.data.slice(), m.rows, m.cols);
  return { ...w, data: { ...w.data, XTrain: copy(w.data.XTrain), XTest: copy(w.data.XTest) } };
}
