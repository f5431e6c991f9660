import { fromTypedArray, matmul, tidy } from '@tessera/tensor';
import { asShared, sharedFloat32, sharedFloat64, sharedInt32 } from '../core/shared.js';
import type { ExactRows, MatmulBlock } from './kernel-search.js';
import type { QueryRunner } from './query-pool.js';

/** Query rows per matmul block: bounds the [block, train rows] product in memory. */
const QUERY_BLOCK = 256;

/** Shared copies of training rows for the workers, made on first need and kept with the fitted rows (which fit does not copy). */
const sharedTrain = new WeakMap<Float64Array, Float64Array>();

/**
 * Euclidean search through the active backend's float32 matmul over all features: approximate
 * distances with a rigorous bound on their float32 error select every training row that can be
 * among the k nearest (kernel-search.ts), and those are ranked exactly. `queries` lists the
 * query rows to search (all when null).
 */
export function matmulSearch(runner: QueryRunner, queries: readonly number[] | null): void {
  const { n, d, tt } = runner.data;
  const { train, query } = runner.exact;
  const m = queries ? queries.length : runner.data.m;
  if (m === 0) return;
  // Bound on |approx - exact| of a squared distance: float32 rounding of both inputs plus the
  // float32 accumulation of d products, each relative to |q||t| (and the norms' own terms).
  const gamma = (d + 8) * 2 ** -23;
  const tNorm = sharedFloat64(n), lowTerm = sharedFloat64(n), normTerm = sharedFloat64(n);
  for (let i = 0; i < n; i++) {
    tNorm[i] = Math.sqrt(tt[i]);
    lowTerm[i] = (1 - gamma) * tt[i];
    normTerm[i] = 2 * gamma * tNorm[i];
  }
  let list: Int32Array | null = null;
  if (queries) { list = sharedInt32(m); list.set(queries); }
  const rowsMax = Math.min(QUERY_BLOCK, m);
  const dots = sharedFloat32(rowsMax * n);
  const block: Omit<MatmulBlock, 'b0'> = { dots, list, gamma, tNorm, lowTerm, normTerm };
  // Workers rank these queries themselves, so they need the float64 rows in shared memory.
  let workerRows: ExactRows | null = null;
  if (runner.threaded) {
    let t = sharedTrain.get(train);
    if (!t) { t = asShared(train); sharedTrain.set(train, t); }
    workerRows = { train: t, query: asShared(query) };
  }
  runner.start('matmul', block, rowsMax, workerRows);
  const trainT = fromTypedArray(new Float32Array(train), [n, d], 'float32');
  try {
    for (let b0 = 0; b0 < m; b0 += QUERY_BLOCK) {
      const rows = Math.min(QUERY_BLOCK, m - b0);
      const rowsF32 = new Float32Array(rows * d);
      for (let r = 0; r < rows; r++) {
        const q = list ? list[b0 + r] : b0 + r;
        rowsF32.set(query.subarray(q * d, (q + 1) * d), r * d);
      }
      const out = tidy(() => matmul(fromTypedArray(rowsF32, [rows, d], 'float32'), trainT, { transposeB: true }));
      try { out.dataSyncInto(dots.subarray(0, rows * n)); } finally { out.dispose(); }
      runner.block(b0, rows, []);
    }
  } finally {
    trainT.dispose();
  }
}
