import { fromTypedArray, matmul, tidy } from '@tessera/tensor';
import type { Matrix } from '../core/matrix.js';
import { sharedFloat32, sharedFloat64 } from '../core/shared.js';

/** Training rows from which the subspace is estimated (evenly spaced; no randomness). */
const SAMPLE_ROWS = 1000;
/** Rows centred and projected per product when embedding. */
const EMBED_CHUNK = 1024;
const U32 = 2 ** -24;
const U64 = 2 ** -53;
const gamma32 = (n: number) => (n * U32) / (1 - n * U32);
/** Centred values beyond this magnitude could overflow float32 sums: such rows are not embedded. */
const CENTRED_LIMIT = 2 ** 60;

/**
 * Rows embedded for the lower bound: z = (V(x - μ), r) with V the projection basis and
 * r = |(x - μ) - Vᵀ V (x - μ)| the norm of what the basis misses, so that for any two rows
 * |z_q - z_t| <= |q - t| (Pythagoras on the subspace and its complement, and the reverse
 * triangle inequality on the complement). `z` is float32 ([rows, p + 1]); `eps` bounds each
 * row's distance |z̃ - z| from its exact embedding (float32 products, rounding, basis defect).
 */
export interface Embedded {
  readonly z: Float32Array;
  readonly norm2: Float64Array;
  readonly eps: Float64Array;
  /** Plain float64 squared norms |x|² of the rows (shared memory). */
  readonly plain: Float64Array;
  /**
   * The centred rows x - μ rounded to float32, columns in the projection's order (largest
   * variance first), [rows, d] in shared memory: the search's cheap first distances.
   */
  readonly centred: Float32Array;
  /** |x - μ| of each row in float64 (shared memory): scales the rounding error of `centred`. */
  readonly centredNorm: Float64Array;
}

/**
 * An orthonormal basis (float32 rows, [p, d]) of the main directions of the training rows,
 * estimated by one block power step on a sample, and the data it needs to embed rows. The
 * basis works on the columns reordered by decreasing sample variance (`order`), so that partial
 * sums over the centred rows grow fastest (the search stops summing once a row is out of reach).
 */
export class Projection {
  private constructor(
    /** Column j of the projection's coordinates is column order[j] of the data; `mean` follows that order. */
    readonly order: Int32Array,
    readonly mean: Float64Array,
    readonly basis: Float32Array,
    readonly p: number,
    readonly d: number,
    /** Bound on the basis' distance from an exactly orthonormal one (2-norm). */
    readonly defect: number,
  ) {}

  /** A basis of at most `p` directions for the rows of `train`, or null if the rows span fewer. */
  static fit(train: Matrix, p: number): Projection | null {
    const { rows: n, cols: d, data } = train;
    const s = Math.min(n, Math.max(SAMPLE_ROWS, 4 * p));
    const mean = new Float64Array(d);
    for (let j = 0; j < s; j++) {
      const o = Math.floor((j * n) / s) * d;
      for (let c = 0; c < d; c++) mean[c] += data[o + c];
    }
    for (let c = 0; c < d; c++) mean[c] /= s;
    const variance = new Float64Array(d);
    for (let j = 0; j < s; j++) {
      const o = Math.floor((j * n) / s) * d;
      for (let c = 0; c < d; c++) { const v = data[o + c] - mean[c]; variance[c] += v * v; }
    }
    // Ties in variance keep column order, so the layout is the same on every run.
    const order = Int32Array.from({ length: d }, (_, c) => c).sort((a, b) => variance[b] - variance[a] || a - b);
    const meanInOrder = new Float64Array(d);
    for (let c = 0; c < d; c++) meanInOrder[c] = mean[order[c]];
    const sample = new Float32Array(s * d);
    for (let j = 0; j < s; j++) {
      const o = Math.floor((j * n) / s) * d;
      for (let c = 0; c < d; c++) sample[j * d + c] = data[o + order[c]] - meanInOrder[c];
    }
    // One power step from p spread sample rows: the rows of (S Sᵀ_head)ᵀ S span, up to their
    // orthonormalization, directions close to the sample's leading principal axes.
    const head = Math.min(p, s);
    const block = tidy(() => {
      const S = fromTypedArray(sample, [s, d], 'float32');
      const H = fromTypedArray(sample.subarray(0, head * d), [head, d], 'float32');
      return matmul(matmul(H, S, { transposeB: true }), S);
    });
    let raw: Float32Array;
    try { raw = block.dataSync() as Float32Array; } finally { block.dispose(); }
    const basis64 = orthonormalRows(Float64Array.from(raw), head, d);
    const kept = basis64.length / d;
    if (kept === 0) return null;
    const basis = new Float32Array(basis64);
    return new Projection(order, meanInOrder, basis, kept, d, orthonormalityDefect(basis, kept, d));
  }

  /**
   * Embeds the first `rows` rows of a row-major [rows, d] matrix, a chunk of rows at a time
   * (the chunk's centred float32 rows are still in cache for their upload). Null when a
   * centred value is too large for float32 arithmetic.
   */
  embedAll(x: Matrix | Float64Array, rows = (x as Matrix).rows): Embedded | null {
    const { d, p, mean, order } = this;
    const data = x instanceof Float64Array ? x : x.data;
    const p1 = p + 1;
    const z = new Float32Array(rows * p1), norm2 = new Float64Array(rows), eps = new Float64Array(rows);
    const plain = sharedFloat64(rows), centredNorm = sharedFloat64(rows), centred = sharedFloat32(rows * d);
    const sq = new Float64Array(Math.min(rows, EMBED_CHUNK));
    // |ã - a| <= (√p γ(d+4) (1 + defect) + defect + 4u₆₄) |x - μ|: float32 inputs and sums, the basis' defect.
    const ea = Math.sqrt(p) * gamma32(d + 4) * (1 + this.defect) + this.defect + 4 * U64;
    const cushion = (2 * d + p + 8) * U64;
    const basisT = fromTypedArray(this.basis, [p, d], 'float32');
    try {
      for (let r0 = 0; r0 < rows; r0 += EMBED_CHUNK) {
        const count = Math.min(EMBED_CHUNK, rows - r0);
        for (let r = 0; r < count; r++) {
          const o = (r0 + r) * d;
          // The plain norm in a sequential pass first: it brings the row into cache in the order the
          // prefetcher follows, so the permuted pass after it reads from L1. Two sums of each kind
          // halve the dependency chains (this is the hottest loop of building the index).
          let t0 = 0, t1 = 0, c = 0;
          for (; c + 1 < d; c += 2) { const v0 = data[o + c], v1 = data[o + c + 1]; t0 += v0 * v0; t1 += v1 * v1; }
          if (c < d) t0 += data[o + c] * data[o + c];
          let s0 = 0, s1 = 0;
          for (c = 0; c + 1 < d; c += 2) {
            const w0 = data[o + order[c]] - mean[c], w1 = data[o + order[c + 1]] - mean[c + 1];
            centred[o + c] = w0; centred[o + c + 1] = w1;
            s0 += w0 * w0; s1 += w1 * w1;
          }
          if (c < d) { const w = data[o + order[c]] - mean[c]; centred[o + c] = w; s0 += w * w; }
          const s = s0 + s1, t = t0 + t1;
          // Every |x_c - μ_c| <= |x - μ|: bounding the norm bounds each value.
          if (!(s <= CENTRED_LIMIT * CENTRED_LIMIT)) return null;
          sq[r] = s;
          centredNorm[r0 + r] = Math.sqrt(s);
          plain[r0 + r] = t;
        }
        const proj = tidy(() => matmul(fromTypedArray(centred.subarray(r0 * d, (r0 + count) * d), [count, d], 'float32'), basisT, { transposeB: true }));
        let a: Float32Array;
        try { a = proj.dataSync() as Float32Array; } finally { proj.dispose(); }
        for (let r = 0; r < count; r++) {
          const zo = (r0 + r) * p1;
          let aa = 0;
          for (let j = 0; j < p; j++) { const v = a[r * p + j]; z[zo + j] = v; aa += v * v; }
          const len = Math.sqrt(sq[r]), eA = ea * len;
          const res = Math.sqrt(Math.max(sq[r] - aa, 0));
          // r² = |x - μ|² - |a|² is off by at most Δ, so r by at most min(√Δ, Δ / r̃).
          const delta = (2 * len + eA) * eA + cushion * sq[r];
          const eR = (res > 0 ? Math.min(Math.sqrt(delta), delta / res) : Math.sqrt(delta)) + U32 * res;
          const r32 = Math.fround(res);
          z[zo + p] = r32;
          norm2[r0 + r] = aa + r32 * r32;
          eps[r0 + r] = eA + eR;
        }
      }
    } finally {
      basisT.dispose();
    }
    return { z, norm2, eps, plain, centred, centredNorm };
  }
}

/**
 * Orthonormal rows spanning those of a row-major [rows, d] block by modified Gram-Schmidt;
 * rows that are numerically dependent on earlier ones are dropped. One pass leaves a defect of
 * about u·cond, which the search measures and allows for.
 */
function orthonormalRows(v: Float64Array, rows: number, d: number): Float64Array {
  let kept = 0;
  for (let a = 0; a < rows; a++) {
    const ao = a * d;
    let before = 0;
    for (let c = 0; c < d; c++) before += v[ao + c] * v[ao + c];
    for (let b = 0; b < kept; b++) {
      const bo = b * d;
      let dot = 0;
      for (let c = 0; c < d; c++) dot += v[ao + c] * v[bo + c];
      for (let c = 0; c < d; c++) v[ao + c] -= dot * v[bo + c];
    }
    let norm = 0;
    for (let c = 0; c < d; c++) norm += v[ao + c] * v[ao + c];
    if (!(norm > 1e-8 * before)) continue;
    const inv = 1 / Math.sqrt(norm), ko = kept * d;
    for (let c = 0; c < d; c++) v[ko + c] = v[ao + c] * inv;
    kept++;
  }
  return v.slice(0, kept * d);
}

/** ‖V Vᵀ - I‖_F in float64 for float32 rows: bounds the 2-norm distance to the nearest orthonormal rows. */
function orthonormalityDefect(v: Float32Array, p: number, d: number): number {
  let s = 0;
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += v[a * d + c] * v[b * d + c];
      const e = dot - (a === b ? 1 : 0);
      s += (a === b ? 1 : 2) * e * e;
    }
  }
  // The sums above carry float64 rounding of about d u each; pad the result generously.
  return Math.sqrt(s) * (1 + 1e-6) + p * (d + 2) * U64;
}
