import type { Matrix } from '../core/matrix.js';

/**
 * Every feature's distinct values (as float32, the precision CART compares at, as in
 * scikit-learn's trees) and each sample's rank among them. Splitting on ranks is exact: a split
 * between ranks r and r+1 is the threshold midway between those two values.
 */
export interface BinnedData {
  readonly n: number;
  readonly d: number;
  /** Rank of sample i's value of feature f at codes[f * n + i]. */
  readonly codes: Uint8Array | Uint16Array | Int32Array;
  /** Sorted distinct values of feature f: values[offsets[f] .. offsets[f + 1]). */
  readonly values: Float64Array;
  readonly offsets: Int32Array;
}

function shared(bytes: number): ArrayBuffer | SharedArrayBuffer {
  return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** Small-range integer features (pixels, counts) are ranked by a presence table instead of a sort. */
const TABLE_RANGE = 65536;

export function binFeatures(x: Matrix): BinnedData {
  const { rows: n, cols: d, data } = x;
  const col = new Float32Array(n);
  const perFeature: Float64Array[] = [];
  let maxBins = 1;
  const ranks = new Int32Array(n * d);
  const table = new Int32Array(TABLE_RANGE);
  const sorted = new Float32Array(n);
  for (let f = 0; f < d; f++) {
    let integral = true, lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = Math.fround(data[i * d + f]);
      col[i] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (integral && v !== Math.floor(v)) integral = false;
    }
    let distinct: Float64Array;
    const base = f * n;
    if (integral && hi - lo < TABLE_RANGE) {
      const range = hi - lo + 1;
      table.fill(0, 0, range);
      for (let i = 0; i < n; i++) table[col[i] - lo] = 1;
      let count = 0;
      for (let v = 0; v < range; v++) if (table[v]) table[v] = ++count;
      distinct = new Float64Array(count);
      for (let v = 0; v < range; v++) if (table[v]) distinct[table[v] - 1] = v + lo;
      for (let i = 0; i < n; i++) ranks[base + i] = table[col[i] - lo] - 1;
    } else {
      sorted.set(col);
      sorted.sort();
      let count = 0;
      for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[count++] = sorted[i];
      distinct = Float64Array.from(sorted.subarray(0, count));
      for (let i = 0; i < n; i++) {
        let a = 0, b = count - 1;
        const v = col[i];
        while (a < b) { const mid = (a + b) >> 1; if (distinct[mid] < v) a = mid + 1; else b = mid; }
        ranks[base + i] = a;
      }
    }
    perFeature.push(distinct);
    if (distinct.length > maxBins) maxBins = distinct.length;
  }
  const codes = maxBins <= 256 ? new Uint8Array(shared(n * d)) : maxBins <= 65536 ? new Uint16Array(shared(2 * n * d)) : new Int32Array(shared(4 * n * d));
  codes.set(ranks);
  const offsets = new Int32Array(shared(4 * (d + 1)));
  for (let f = 0; f < d; f++) offsets[f + 1] = offsets[f] + perFeature[f].length;
  const values = new Float64Array(shared(8 * offsets[d]));
  perFeature.forEach((v, f) => values.set(v, offsets[f]));
  return { n, d, codes, values, offsets };
}
