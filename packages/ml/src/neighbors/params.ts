import { fail } from '@tessera/tensor';
import { Matrix } from '../core/matrix.js';
import { param, type ParamsOf } from '../core/params.js';
import { kNeighbors, type Neighbors } from './search.js';

/** Hyperparameters shared by the k-nearest-neighbour classifier and regressor (scikit-learn's defaults). */
export const KNN_PARAMS = {
  nNeighbors: param.int(5, 'Number of neighbours that vote.', { min: 1 }),
  weights: param.oneOf('uniform', ['uniform', 'distance'], "'uniform': every neighbour counts the same; 'distance': weight 1/d (neighbours at distance 0, if any, take all the weight)."),
  metric: param.oneOf('minkowski', ['minkowski', 'euclidean', 'manhattan'], "Distance; 'minkowski' uses the power p."),
  p: param.number(2, 'Power of the Minkowski metric (1: manhattan, 2: euclidean).', { min: 1 }),
  nJobs: param.int(-1, 'Threads for the per-query work of large euclidean searches (candidate selection and exact ranking): -1 all cores, -2 all but one, 1 this thread only.'),
  algorithm: param.oneOf('auto', ['auto', 'direct', 'matmul', 'projected'], "'direct': exact float64 distances for every pair; 'matmul': euclidean candidates from the active backend's float32 matmul over all features, ranked exactly; 'projected': candidates from lower bounds in a low-dimensional embedding of the rows (backend matmul), ranked exactly, with 'matmul' for queries it prunes poorly; 'auto': for large euclidean searches when a backend is set, 'projected' from 124 features and 'matmul' below."),
} as const;

/**
 * Vote weights of one query's neighbours. With distance weighting, neighbours at distance 0
 * (if any) take all the weight, 1 each, as in scikit-learn.
 */
export function neighbourWeights(distances: Float64Array, offset: number, k: number, mode: 'uniform' | 'distance', out: Float64Array): void {
  if (mode === 'uniform') { out.fill(1, 0, k); return; }
  let zero = false;
  for (let j = 0; j < k; j++) if (distances[offset + j] === 0) zero = true;
  for (let j = 0; j < k; j++) {
    const dist = distances[offset + j];
    out[j] = zero ? (dist === 0 ? 1 : 0) : 1 / dist;
  }
}

/** Threads for `nJobs` (-1: every core, -2: all but one, ...), from the cores this runtime reports. */
export function resolveThreads(nJobs: number): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const cores = os?.availableParallelism?.() ?? nav?.hardwareConcurrency ?? 1;
  return nJobs < 0 ? Math.max(1, cores + 1 + nJobs) : Math.max(1, nJobs);
}

/**
 * The training rows a fit keeps, checked against nNeighbors. Not copied (as in scikit-learn):
 * the searches read them in place, so they must not change after fit.
 */
export function trainingRows(op: string, m: Matrix, nNeighbors: number): Matrix {
  if (nNeighbors > m.rows) fail(op, `nNeighbors ${nNeighbors} > number of samples ${m.rows}`);
  return m;
}

/** The `k` nearest training rows of each query row under the estimator's metric, algorithm and threads. */
export function searchWith(params: ParamsOf<typeof KNN_PARAMS>, X: Matrix, q: Matrix, k: number, distances: boolean): Neighbors {
  const { metric, p, algorithm, nJobs } = params;
  return kNeighbors(X, q, k, metric, p, { algorithm, threads: resolveThreads(nJobs), distances });
}
