import { getBackend, matmul, tensor, tidy } from '@tessera/tensor';
import type { Matrix } from '../core/matrix.js';

export type Metric = 'minkowski' | 'euclidean' | 'manhattan';
export type SearchAlgorithm = 'auto' | 'direct' | 'matmul';

/** The k nearest training rows of every query row: [queries, k], nearest first. */
export interface Neighbors {
  readonly k: number;
  readonly indices: Int32Array;
  readonly distances: Float64Array;
}

/** Work (queries × train rows × features) above which 'auto' uses the backend's matmul. */
const MATMUL_WORK = 2e7;
/** Query rows per matmul block: bounds the [block, train rows] distance tile in memory. */
const QUERY_BLOCK = 1024;

/**
 * Brute-force k-nearest-neighbour search with scikit-learn's semantics: euclidean distances
 * in the expanded float64 form ||q||² - 2 q·t + ||t||², other metrics summed directly, and the
 * k smallest kept by scikit-learn's heap rule (which decides among tied distances).
 *
 * Euclidean search on large inputs first takes approximate distances from the active
 * backend's matmul (float32), keeps every training row whose distance could still be among the
 * k smallest given a rigorous bound on the float32 error, and ranks only those candidates by
 * the float64 distances: the same neighbours as the direct search (up to which of several
 * exactly tied rows is kept), at matmul speed.
 */
export function kNeighbors(train: Matrix, query: Matrix, k: number, metric: Metric, p: number, algorithm: SearchAlgorithm): Neighbors {
  const power = metric === 'euclidean' ? 2 : metric === 'manhattan' ? 1 : p;
  const useMatmul = power === 2 && (algorithm === 'matmul'
    || (algorithm === 'auto' && getBackend() !== null && query.rows * train.rows * train.cols >= MATMUL_WORK));
  return useMatmul ? matmulSearch(train, query, k) : directSearch(train, query, k, power);
}

/** Distance between two rows under the Minkowski power (1, 2 or any p >= 1). */
function distance(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number, power: number): number {
  let s = 0;
  if (power === 2) {
    for (let j = 0; j < d; j++) { const t = a[ao + j] - b[bo + j]; s += t * t; }
    return Math.sqrt(s);
  }
  if (power === 1) {
    for (let j = 0; j < d; j++) s += Math.abs(a[ao + j] - b[bo + j]);
    return s;
  }
  for (let j = 0; j < d; j++) s += Math.abs(a[ao + j] - b[bo + j]) ** power;
  return s ** (1 / power);
}

/**
 * The k smallest (distance, index) pairs, kept in a max-heap updated exactly like scikit-learn's
 * `heap_push` (a value equal to the current maximum is not admitted; the root is replaced and
 * sifted down), so among equal distances the same rows survive as in scikit-learn's brute-force
 * search. `sorted()` returns them nearest first (equal distances: smaller index first).
 */
class TopK {
  readonly dist: Float64Array;
  readonly idx: Int32Array;
  constructor(readonly k: number) {
    this.dist = new Float64Array(k);
    this.idx = new Int32Array(k);
  }
  reset(): void { this.dist.fill(Number.POSITIVE_INFINITY); this.idx.fill(0); }
  push(val: number, i: number): void {
    const { k, dist, idx } = this;
    if (val >= dist[0]) return;
    let cur = 0;
    for (;;) {
      const l = 2 * cur + 1, r = l + 1;
      let swap: number;
      if (l >= k) break;
      else if (r >= k) { if (dist[l] > val) swap = l; else break; }
      else if (dist[l] >= dist[r]) { if (val < dist[l]) swap = l; else break; }
      else { if (val < dist[r]) swap = r; else break; }
      dist[cur] = dist[swap]; idx[cur] = idx[swap];
      cur = swap;
    }
    dist[cur] = val; idx[cur] = i;
  }
  worst(): number { return this.dist[0]; }
  /** Writes the kept pairs nearest first into the outputs at `offset`. */
  sorted(outIdx: Int32Array, outDist: Float64Array, offset: number, transform: (v: number) => number): void {
    const order = Array.from({ length: this.k }, (_, j) => j).sort((a, b) => this.dist[a] - this.dist[b] || this.idx[a] - this.idx[b]);
    order.forEach((j, r) => { outIdx[offset + r] = this.idx[j]; outDist[offset + r] = transform(this.dist[j]); });
  }
}

const identity = (v: number) => v;

function directSearch(train: Matrix, query: Matrix, k: number, power: number): Neighbors {
  const n = train.rows, d = train.cols, m = query.rows;
  const indices = new Int32Array(m * k), distances = new Float64Array(m * k);
  const top = new TopK(k);
  if (power === 2) {
    // ||q||² - 2 q·t + ||t||² in float64, the form (and rounding) of scikit-learn's euclidean search.
    const tt = squaredNorms(train), qq = squaredNorms(query);
    for (let q = 0; q < m; q++) {
      top.reset();
      for (let i = 0; i < n; i++) top.push(expandedDistance(query.data, q * d, qq[q], train.data, i * d, tt[i], d), i);
      top.sorted(indices, distances, q * k, Math.sqrt);
    }
    return { k, indices, distances };
  }
  for (let q = 0; q < m; q++) {
    top.reset();
    const qo = q * d;
    for (let i = 0; i < n; i++) top.push(distance(query.data, qo, train.data, i * d, d, power), i);
    top.sorted(indices, distances, q * k, identity);
  }
  return { k, indices, distances };
}

/** Squared euclidean distance as ||q||² + (-2 q·t) + ||t||², clamped at 0. */
function expandedDistance(a: Float64Array, ao: number, aa: number, b: Float64Array, bo: number, bb: number, d: number): number {
  return Math.max(aa + -2 * fmaDot(a, ao, b, bo, d) + bb, 0);
}

type Dot = (a: Float64Array, ao: number, b: Float64Array, bo: number, d: number) => number;

function plainDot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += a[ao + j] * b[bo + j];
  return s;
}

/** Keeps the k nearest of the candidate rows (in index order) by expanded float64 distance; writes each candidate's distance. */
function rank(top: TopK, qd: Float64Array, qo: number, qq: number, td: Float64Array, tt: (i: number) => number, d: number,
  candidates: Int32Array, count: number, dot: Dot, dist: Float64Array): void {
  top.reset();
  for (let c = 0; c < count; c++) {
    const i = candidates[c];
    dist[c] = Math.max(qq + -2 * dot(qd, qo, td, i * d, d) + tt(i), 0);
    top.push(dist[c], i);
  }
}

/** Whether another candidate lies within rounding of the k-th distance (so tie-breaking may matter). */
function nearTie(top: TopK, dist: Float64Array, count: number, qq: number): boolean {
  const kth = top.worst(), tol = 64 * Number.EPSILON * (qq + kth + 1);
  let close = 0;
  for (let c = 0; c < count; c++) if (Math.abs(dist[c] - kth) <= tol) close++;
  return close > 1;
}

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's constant for float64

/**
 * Σ a_j b_j accumulated with fused multiply-adds (each step a*b + s rounded once), the
 * arithmetic of the BLAS dot products scikit-learn's distances come from. Exact ties and their
 * breaking depend on these last bits; the product is split exactly (Dekker) to emulate the FMA.
 */
function fmaDot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const x = a[ao + j], y = b[bo + j];
    const p = x * y;
    const cx = SPLIT * x, xh = cx - (cx - x), xl = x - xh;
    const cy = SPLIT * y, yh = cy - (cy - y), yl = y - yh;
    const e = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
    const t = p + s, bb = t - p;
    const err = (p - (t - bb)) + (s - bb);
    s = t + (err + e);
  }
  return s;
}

function plainNorms(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = plainDot(m.data, i * m.cols, m.data, i * m.cols, m.cols);
  return out;
}

function squaredNorms(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = fmaDot(m.data, i * m.cols, m.data, i * m.cols, m.cols);
  return out;
}

function matmulSearch(train: Matrix, query: Matrix, k: number): Neighbors {
  const n = train.rows, d = train.cols, m = query.rows;
  // Plain norms bound the float32 candidates; the exact (FMA) norms the ranking needs are
  // computed only for the rows that get ranked.
  const tt = plainNorms(train), qq = plainNorms(query);
  const tExact = new Float64Array(n).fill(Number.NaN), qExact = new Float64Array(m).fill(Number.NaN);
  const exactT = (i: number) => (Number.isNaN(tExact[i]) ? (tExact[i] = fmaDot(train.data, i * d, train.data, i * d, d)) : tExact[i]);
  const exactQ = (q: number) => (Number.isNaN(qExact[q]) ? (qExact[q] = fmaDot(query.data, q * d, query.data, q * d, d)) : qExact[q]);
  const tNorm = tt.map(Math.sqrt);
  // Bound on |approx - exact| of a squared distance: float32 rounding of both inputs plus the
  // float32 accumulation of d products, each relative to |q||t| (and the norms' own terms).
  const gamma = (d + 8) * 2 ** -23;
  const lowTerm = tt.map((v) => (1 - gamma) * v), normTerm = tNorm.map((v) => 2 * gamma * v);
  const indices = new Int32Array(m * k), distances = new Float64Array(m * k);
  const top = new TopK(k);
  const upper = new TopK(k);
  const candidates = new Int32Array(n), candidateDist = new Float64Array(n);
  const trainT = tensor(Float32Array.from(train.data), [n, d]);
  try {
    for (let q0 = 0; q0 < m; q0 += QUERY_BLOCK) {
      const rows = Math.min(QUERY_BLOCK, m - q0);
      const dots = tidy(() => {
        const block = tensor(Float32Array.from(query.data.subarray(q0 * d, (q0 + rows) * d)), [rows, d]);
        return matmul(block, trainT, { transposeB: true });
      });
      let g: ArrayLike<number>;
      try { g = dots.dataSync(); } finally { dots.dispose(); }
      for (let r = 0; r < rows; r++) {
        const q = q0 + r, qn = Math.sqrt(qq[q]), go = r * n;
        // The k rows with the smallest approximate distance (‖t‖² - 2 q·t orders them: ‖q‖² is common).
        upper.reset();
        for (let i = 0; i < n; i++) upper.push(tt[i] - 2 * g[go + i], i);
        // Each true distance is within its bound of the approximation, so the k-th smallest true
        // distance is at most the largest (approximation + bound) among those k rows.
        let limit = -Infinity;
        for (let j = 0; j < k; j++) {
          const i = upper.idx[j];
          limit = Math.max(limit, qq[q] + tt[i] - 2 * g[go + i] + gamma * (qq[q] + tt[i] + 2 * qn * tNorm[i]));
        }
        // Candidates: approximation - bound <= limit, with the per-row terms precomputed.
        const threshold = limit - (1 - gamma) * qq[q];
        let count = 0;
        for (let i = 0; i < n; i++) if (lowTerm[i] - qn * normTerm[i] - 2 * g[go + i] <= threshold) candidates[count++] = i;
        rank(top, query.data, q * d, qq[q], train.data, (i) => tt[i], d, candidates, count, plainDot, candidateDist);
        // Only near-equal distances depend on the last bits: then rank with scikit-learn's arithmetic.
        if (nearTie(top, candidateDist, count, qq[q])) {
          rank(top, query.data, q * d, exactQ(q), train.data, exactT, d, candidates, count, fmaDot, candidateDist);
        }
        // The reported distances use the same arithmetic as the direct search.
        for (let j = 0; j < k; j++) top.dist[j] = expandedDistance(query.data, q * d, exactQ(q), train.data, top.idx[j] * d, exactT(top.idx[j]), d);
        top.sorted(indices, distances, q * k, Math.sqrt);
      }
    }
  } finally {
    trainT.dispose();
  }
  return { k, indices, distances };
}
