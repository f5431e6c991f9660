import type { Generator } from '@tessera/tensor';
import type { BinnedData } from '../tree/binning.js';
import { growTree, type GrowOptions, type GrowTarget } from '../tree/grow.js';
import type { TreeArrays } from '../tree/tree-arrays.js';

/** Everything a worker needs to grow any tree of one forest. */
export interface ForestJob {
  readonly data: BinnedData;
  readonly target: GrowTarget;
  readonly options: GrowOptions;
  readonly bootstrap: boolean;
}

/**
 * Bootstrap counts of one tree: n draws with replacement from the forest's Philox generator
 * (drawn on the calling thread, in tree order, so a forest does not depend on which thread
 * grows which tree).
 */
export function bootstrapWeights(g: Generator, n: number, bootstrap: boolean): Float64Array {
  const w = new Float64Array(n);
  if (!bootstrap) return w.fill(1);
  const draws = g.randomInts(n, n);
  for (let i = 0; i < n; i++) w[draws[i]]++;
  return w;
}

/** One tree's work: its splitter seed and its sample weights. */
export interface TreeTask {
  readonly seed: number;
  readonly weights: Float64Array;
}

/** Grows one tree of a forest (no imports beyond the tree code, so a worker can run it). */
export function growForestTree(job: ForestJob, task: TreeTask): TreeArrays {
  return growTree(job.data, job.target, task.weights, job.options, task.seed);
}

/** The typed arrays of a tree, for a zero-copy transfer between threads. */
export function treeBuffers(t: TreeArrays): ArrayBuffer[] {
  return [t.feature, t.threshold, t.left, t.right, t.value, t.impurity, t.nSamples, t.weightedNSamples].map((a) => a.buffer as ArrayBuffer);
}
