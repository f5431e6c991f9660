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
/** Features with at most HASH_SIZE / 4 distinct values are ranked through a hash of their bit patterns. */
const HASH_SIZE = 8192;
const EMPTY = 0x7fc00001; // a NaN pattern: never a feature value (NaN is rejected before binning)

/**
 * Ranks a column with few distinct values in linear time: each value's float32 bit pattern is
 * looked up in an open-addressing table, the (few) distinct values are sorted, and every
 * sample gets its value's rank. Returns null when the column has too many distinct values.
 */
function hashRanks(col: Float32Array, n: number, ranks: Int32Array, base: number,
  keys: Int32Array, slotValue: Int32Array, slotOf: Int32Array): Float64Array | null {
  const bits = new Int32Array(col.buffer, col.byteOffset, n);
  keys.fill(EMPTY);
  const mask = HASH_SIZE - 1, limit = HASH_SIZE >> 2;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const key = bits[i];
    let h = Math.imul(key, 0x9e3779b1) >>> 19;
    while (keys[h] !== EMPTY && keys[h] !== key) h = (h + 1) & mask;
    if (keys[h] === EMPTY) {
      if (++count > limit) return null;
      keys[h] = key;
      slotValue[h] = i;
    }
    slotOf[i] = h;
  }
  const slots: number[] = [];
  for (let h = 0; h < HASH_SIZE; h++) if (keys[h] !== EMPTY) slots.push(h);
  slots.sort((a, b) => col[slotValue[a]] - col[slotValue[b]]);
  const distinct = new Float64Array(count);
  slots.forEach((h, r) => { distinct[r] = col[slotValue[h]]; slotValue[h] = r; });
  for (let i = 0; i < n; i++) ranks[base + i] = slotValue[slotOf[i]];
  return distinct;
}

export function binFeatures(x: Matrix): BinnedData {
  const { rows: n, cols: d, data } = x;
  const col = new Float32Array(n);
  const perFeature: Float64Array[] = [];
  let maxBins = 1;
  const ranks = new Int32Array(n * d);
  const table = new Int32Array(TABLE_RANGE);
  const sorted = new Float32Array(n);
  const hashKeys = new Int32Array(HASH_SIZE), hashSlot = new Int32Array(HASH_SIZE), slotOf = new Int32Array(n);
  for (let f = 0; f < d; f++) {
    let integral = true, lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      // +0 for -0: equal values must share one bit pattern for the hash path.
      const v = Math.fround(data[i * d + f]) + 0;
      col[i] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (integral && v !== Math.floor(v)) integral = false;
    }
    let distinct: Float64Array | null;
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
    } else if ((distinct = hashRanks(col, n, ranks, base, hashKeys, hashSlot, slotOf)) === null) {
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
