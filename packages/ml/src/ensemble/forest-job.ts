import { Generator } from '@tessera/tensor';
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
 * Bootstrap counts of one tree: n draws with replacement from the tree's own Philox stream, so
 * they depend only on the tree's seed (never on which thread grows it).
 */
export function bootstrapWeights(seed: number, n: number, bootstrap: boolean): Float64Array {
  const w = new Float64Array(n);
  if (!bootstrap) return w.fill(1);
  const draws = new Generator(seed).randomInts(n, n);
  for (let i = 0; i < n; i++) w[draws[i]]++;
  return w;
}

/** Grows tree number `index` of a forest from its seed. */
export function growForestTree(job: ForestJob, seed: number): TreeArrays {
  const weights = bootstrapWeights(seed, job.data.n, job.bootstrap);
  // Bootstrap draws come from Philox, the split order from the splitter's own stream: both seeded by the tree's seed.
  return growTree(job.data, job.target, weights, job.options, seed);
}

/** The typed arrays of a tree, for a zero-copy transfer between threads. */
export function treeBuffers(t: TreeArrays): ArrayBuffer[] {
  return [t.feature, t.threshold, t.left, t.right, t.value, t.impurity, t.nSamples, t.weightedNSamples].map((a) => a.buffer as ArrayBuffer);
}
