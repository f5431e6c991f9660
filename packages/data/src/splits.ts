import { fail, fmtShape, gather, Generator, globalGenerator, isTensor, type Tensor } from '@tessera/tensor';
import { allocLike, isHostData, isHostTensor, sizeOfShape, type HostData, type HostTensor } from './host.js';

export interface SplitOptions {
  /** Seed of the Philox stream; drawn from the global generator when absent. */
  readonly seed?: number;
  /** Shuffle before splitting (default true); false keeps the original order. */
  readonly shuffle?: boolean;
  /** Class labels, one per row: every part gets each class in proportion (sklearn's stratify). */
  readonly stratify?: ArrayLike<number> | readonly (string | number)[];
}

/**
 * Sizes of the parts of n rows: floor(f_k * n) each, the rows left over going one each to the
 * parts with the largest fractional remainders (ties: the earlier part).
 */
export function partSizes(n: number, fractions: readonly number[], op = 'partSizes'): number[] {
  if (!Number.isInteger(n) || n < 0) fail(op, `number of rows must be an integer >= 0, got ${n}`);
  if (!Array.isArray(fractions) || fractions.length === 0) fail(op, `fractions must be a non-empty list, got ${JSON.stringify(fractions)}`);
  fractions.forEach((f, k) => {
    if (typeof f !== 'number' || !Number.isFinite(f) || f < 0 || f > 1) fail(op, `fractions[${k}] must be in [0, 1], got ${f}`);
  });
  const total = fractions.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > 1e-6) fail(op, `fractions must sum to 1, got ${fractions.join(' + ')} = ${total}`);
  return largestRemainder(fractions.map((f) => f * n), n);
}

/** Rounds non-negative reals that add up to `total` into integers that add up to `total`. */
function largestRemainder(exact: readonly number[], total: number): number[] {
  const sizes = exact.map((x) => Math.floor(x + 1e-9));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, k) => ({ k, r: x - sizes[k] })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (const { k } of byRemainder) {
    if (left <= 0) break;
    sizes[k] += 1;
    left -= 1;
  }
  return sizes;
}

function compareClass(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Cells of a class x part table with fixed row sums (class counts) and column sums (part
 * sizes), each as close as possible to count_c * size_k / n: floors first, then single units to
 * the cells with the largest remainders while their class and part still lack rows.
 */
function allocate(classCounts: readonly number[], sizes: readonly number[], n: number): number[][] {
  const exact = classCounts.map((m) => sizes.map((s) => (n === 0 ? 0 : (m * s) / n)));
  const cells = exact.map((row) => row.map((x) => Math.floor(x + 1e-9)));
  const classLeft = classCounts.map((m, c) => m - cells[c].reduce((a, b) => a + b, 0));
  const partLeft = sizes.map((s, k) => s - cells.reduce((a, row) => a + row[k], 0));
  const order = exact.flatMap((row, c) => row.map((x, k) => ({ c, k, r: x - cells[c][k] })))
    .sort((a, b) => b.r - a.r || a.c - b.c || a.k - b.k);
  for (let pass = 0; pass < 2; pass++) {
    for (const { c, k } of order) {
      while (classLeft[c] > 0 && partLeft[k] > 0) {
        cells[c][k] += 1;
        classLeft[c] -= 1;
        partLeft[k] -= 1;
        if (pass === 0) break; // the first pass gives at most one extra row per cell
      }
    }
  }
  return cells;
}

/**
 * Row indices of each part of a hold-out split of n rows.
 *
 * Exact assignment, with `g = new Generator(seed)`:
 * - sizes: `partSizes(n, fractions)`;
 * - plain: `perm = g.permutation(n)`; part k is the next `sizes[k]` entries of perm (with
 *   `shuffle: false`, of 0..n-1);
 * - stratified: classes in ascending order (numbers numerically, strings by code unit); class c's
 *   rows (ascending) are permuted with `g.permutation(count_c)` (not with `shuffle: false`), and
 *   its next `cells[c][k]` rows go to part k, the cells rounded so that both the class counts and
 *   the part sizes are exact; then each part is reordered by `g.permutation(sizes[k])` (with
 *   `shuffle: false`: sorted ascending).
 */
export function splitIndices(n: number, fractions: readonly number[], options: SplitOptions = {}, op = 'splitIndices'): Int32Array[] {
  const sizes = partSizes(n, fractions, op);
  const shuffle = options.shuffle ?? true;
  const seed = options.seed ?? globalGenerator().fork().seed;
  if (!Number.isSafeInteger(seed)) fail(op, `seed must be a safe integer, got ${String(seed)}`);
  const g = new Generator(seed);
  const { stratify } = options;
  if (stratify === undefined) {
    const perm = shuffle ? g.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    let start = 0;
    return sizes.map((s) => perm.slice(start, (start += s)));
  }
  if (stratify.length !== n) fail(op, `stratify has ${stratify.length} labels for ${n} rows`);
  const byClass = new Map<string | number, number[]>();
  for (let i = 0; i < n; i++) {
    const label = stratify[i];
    if (typeof label !== 'number' && typeof label !== 'string') fail(op, `stratify[${i}] is ${JSON.stringify(label)}, not a class label`);
    const rows = byClass.get(label);
    if (rows) rows.push(i);
    else byClass.set(label, [i]);
  }
  const classes = [...byClass.keys()].sort(compareClass);
  const cells = allocate(classes.map((c) => byClass.get(c)!.length), sizes, n);
  const parts: number[][] = sizes.map(() => []);
  classes.forEach((label, c) => {
    const rows = byClass.get(label)!;
    const perm = shuffle ? g.permutation(rows.length) : Int32Array.from(rows, (_, i) => i);
    let start = 0;
    cells[c].forEach((count, k) => {
      for (let i = start; i < start + count; i++) parts[k].push(rows[perm[i]]);
      start += count;
    });
  });
  return parts.map((rows) => {
    if (!shuffle) return Int32Array.from(rows).sort();
    const perm = g.permutation(rows.length);
    return Int32Array.from(perm, (p) => rows[p]);
  });
}

/** Something with rows: a tensor (axis 0), a host tensor, a typed array or a list. */
export type Rows = Tensor | HostTensor | HostData | readonly unknown[];

export function rowCount(op: string, rows: Rows, name: string): number {
  if (isTensor(rows)) {
    if (rows.rank === 0) fail(op, `${name} is a scalar tensor; it has no rows`);
    return rows.shape[0];
  }
  if (isHostTensor(rows)) {
    if (rows.shape.length === 0) fail(op, `${name} has shape []; it has no rows`);
    if (sizeOfShape(rows.shape) !== rows.data.length) fail(op, `${name}: shape ${fmtShape(rows.shape)} does not match ${rows.data.length} values`);
    return rows.shape[0];
  }
  if (isHostData(rows) || Array.isArray(rows)) return rows.length;
  fail(op, `${name} must be a tensor, a {data, shape} host tensor, a typed array or a list`);
}

/** The rows of `rows` at `indices`, in that order, as the same kind of value (tensors: a new one). */
export function takeRows<R extends Rows>(rows: R, indices: Int32Array): R {
  if (isTensor(rows)) return gather(rows, indices, 0) as R;
  if (isHostTensor(rows)) {
    const rowSize = sizeOfShape(rows.shape.slice(1));
    const out = allocLike(rows.data, indices.length * rowSize);
    indices.forEach((r, i) => out.set(rows.data.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
    return { data: out, shape: [indices.length, ...rows.shape.slice(1)] } as unknown as R;
  }
  if (isHostData(rows)) {
    const out = allocLike(rows, indices.length);
    indices.forEach((r, i) => { out[i] = rows[r]; });
    return out as R;
  }
  return Array.from(indices, (r) => (rows as readonly unknown[])[r]) as unknown as R;
}

type Splittable = Rows | { readonly [key: string]: Rows };

function isRows(value: unknown): value is Rows {
  return isTensor(value) || isHostTensor(value) || isHostData(value) || Array.isArray(value);
}

/**
 * Splits rows (one array, or a record of arrays with the same number of rows) into parts of
 * the given fractions; the row assignment is `splitIndices`'. Tensors give new tensors.
 *
 * ```ts
 * const [train, val, test] = holdOutSplit({ x: { data: x, shape: [n, 4] }, y }, [0.7, 0.2, 0.1], { seed: 0, stratify: y });
 * ```
 */
export function holdOutSplit<D extends Splittable>(data: D, fractions: readonly number[], options: SplitOptions = {}, op = 'holdOutSplit'): D[] {
  if (isRows(data)) {
    const parts = splitIndices(rowCount(op, data, 'data'), fractions, options, op);
    return parts.map((idx) => takeRows(data, idx)) as D[];
  }
  if (typeof data !== 'object' || data === null) fail(op, 'expects rows or a record of rows');
  const entries = Object.entries(data as Record<string, Rows>);
  if (entries.length === 0) fail(op, 'expects at least one array');
  const counts = entries.map(([k, v]) => rowCount(op, v, k));
  entries.forEach(([k], i) => {
    if (counts[i] !== counts[0]) fail(op, `${k} has ${counts[i]} rows, ${entries[0][0]} has ${counts[0]}`);
  });
  const parts = splitIndices(counts[0], fractions, options, op);
  return parts.map((idx) => Object.fromEntries(entries.map(([k, v]) => [k, takeRows(v, idx)])) as D);
}

/** `holdOutSplit` into train / validation / test (default 70/20/10). */
export function trainValTestSplit<D extends Splittable>(data: D, fractions: readonly [number, number, number] = [0.7, 0.2, 0.1], options: SplitOptions = {}): [D, D, D] {
  if (!Array.isArray(fractions) || fractions.length !== 3) fail('trainValTestSplit', `needs three fractions (train, validation, test), got ${JSON.stringify(fractions)}`);
  return holdOutSplit(data, fractions, options, 'trainValTestSplit') as [D, D, D];
}

/** `holdOutSplit` into train / test with `testFraction` of the rows held out (default 0.25). */
export function trainTestSplit<D extends Splittable>(data: D, testFraction = 0.25, options: SplitOptions = {}): [D, D] {
  if (typeof testFraction !== 'number' || !(testFraction >= 0 && testFraction <= 1)) fail('trainTestSplit', `testFraction must be in [0, 1], got ${testFraction}`);
  return holdOutSplit(data, [1 - testFraction, testFraction], options, 'trainTestSplit') as [D, D];
}
