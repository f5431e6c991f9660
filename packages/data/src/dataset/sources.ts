import { fail, fmtShape, gather, isTensor, slice, tidy, type Tensor } from '@tessera/tensor';
import { isHostData, isHostTensor, sizeOfShape, uploadHost, allocLike, type HostData, type HostTensor } from '../host.js';
import { Dataset } from './dataset.js';
import { identityOrder, type IndexedSource } from './plan.js';

type TensorStructure = Tensor | readonly Tensor[] | { readonly [key: string]: Tensor };

/** One row of a tensor structure: the same structure with the leading axis removed. */
export type TensorRow<S> = S extends Tensor ? Tensor : { -readonly [K in keyof S]: Tensor };

function leaves(op: string, structure: TensorStructure): [string, Tensor][] {
  if (isTensor(structure)) return [['tensor', structure]];
  if (typeof structure !== 'object' || structure === null) fail(op, 'expects a tensor, a list of tensors or a record of tensors');
  const entries = Object.entries(structure);
  if (entries.length === 0) fail(op, 'expects at least one tensor');
  for (const [k, t] of entries) if (!isTensor(t)) fail(op, `${k} is not a tensor`);
  return entries as [string, Tensor][];
}

/** Contiguous ascending indices (an unshuffled batch), where a slice beats a gather. */
function contiguous(indices: Int32Array): boolean {
  for (let i = 1; i < indices.length; i++) if (indices[i] !== indices[0] + i) return false;
  return true;
}

function rebuild(structure: TensorStructure, values: Tensor[]): unknown {
  if (isTensor(structure)) return values[0];
  if (Array.isArray(structure)) return values;
  return Object.fromEntries(Object.keys(structure).map((k, i) => [k, values[i]]));
}

/**
 * A dataset of the rows (axis 0) of one tensor, a list or a record of tensors with the same
 * number of rows. The tensors are shared, not copied: keep them alive while the dataset is
 * used. Batches are made with one slice or gather per tensor.
 *
 * ```ts
 * const ds = fromTensors({ xs, ys });          // elements { xs: row of xs, ys: row of ys }
 * ```
 */
export function fromTensors<S extends TensorStructure>(tensors: S): Dataset<TensorRow<S>> {
  const op = 'fromTensors';
  const list = leaves(op, tensors);
  for (const [k, t] of list) {
    if (t.isDisposed) fail(op, `${k} has been disposed`);
    if (t.rank === 0) fail(op, `${k} is a scalar; it has no rows`);
  }
  const n = list[0][1].shape[0];
  for (const [k, t] of list) if (t.shape[0] !== n) fail(op, `${k} has ${t.shape[0]} rows (shape ${fmtShape(t.shape)}), ${list[0][0]} has ${n}`);
  const source: IndexedSource<TensorRow<S>> = {
    size: n,
    get: (i) => tidy(() => rebuild(tensors, list.map(([, t]) => {
      const begin = t.shape.map((_, a) => (a === 0 ? i : 0));
      const size = t.shape.map((d, a) => (a === 0 ? 1 : d));
      return slice(t, begin, size).reshape(t.shape.slice(1));
    }))) as TensorRow<S>,
    gather: (indices) => tidy(() => rebuild(tensors, list.map(([, t]) => {
      if (contiguous(indices)) {
        return slice(t, t.shape.map((_, a) => (a === 0 ? indices[0] : 0)), t.shape.map((d, a) => (a === 0 ? indices.length : d)));
      }
      return gather(t, indices, 0);
    }))),
  };
  return new Dataset<TensorRow<S>>({ kind: 'indexed', source, order: identityOrder(n), randomOrder: false }, n);
}

/** A column for `fromArrays`: a host tensor, or a flat typed array / number list (one value per row). */
export type HostColumn = HostTensor | HostData | readonly number[];

/** One row of `fromArrays`: every column's row as a host tensor (a view, not a copy). */
export type HostRow<C> = { -readonly [K in keyof C]: HostTensor };

function asHostTensor(op: string, name: string, column: HostColumn): HostTensor {
  if (isHostTensor(column)) {
    if (column.shape.length === 0) fail(op, `${name} has shape []; it has no rows`);
    if (sizeOfShape(column.shape) !== column.data.length) fail(op, `${name}: shape ${fmtShape(column.shape)} needs ${sizeOfShape(column.shape)} values, got ${column.data.length}`);
    return column;
  }
  if (isHostData(column)) return { data: column, shape: [column.length] };
  if (Array.isArray(column) && column.every((x) => typeof x === 'number')) return { data: Float32Array.from(column), shape: [column.length] };
  fail(op, `${name} must be a {data, shape} host tensor, a Float32Array/Int32Array/Uint8Array or a list of numbers`);
}

/**
 * A dataset of the rows of host arrays (all with the same number of rows). Rows are views into
 * the arrays; a batch copies its rows once and uploads one tensor per column (int32 stays int32,
 * float32 and uint8 become float32).
 *
 * ```ts
 * const ds = fromArrays({ xs: { data: pixels, shape: [n, 28, 28, 1] }, ys: labels });
 * for await (const { xs, ys } of ds.shuffle({ seed: 0 }).batch(64)) { ... }
 * ```
 */
export function fromArrays<C extends { readonly [key: string]: HostColumn }>(columns: C): Dataset<HostRow<C>> {
  const op = 'fromArrays';
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns) || isHostTensor(columns) || isHostData(columns)) {
    fail(op, 'expects a record of columns, e.g. { xs: { data, shape }, ys: labels }');
  }
  const names = Object.keys(columns);
  if (names.length === 0) fail(op, 'expects at least one column');
  const cols = names.map((k) => asHostTensor(op, k, columns[k]));
  const n = cols[0].shape[0];
  cols.forEach((c, i) => { if (c.shape[0] !== n) fail(op, `${names[i]} has ${c.shape[0]} rows, ${names[0]} has ${n}`); });
  const rowShapes = cols.map((c) => c.shape.slice(1));
  const rowSizes = rowShapes.map(sizeOfShape);
  const source: IndexedSource<HostRow<C>> = {
    size: n,
    get: (i) => {
      if (!(i >= 0 && i < n)) fail(op, `row ${i} is out of range [0, ${n})`);
      return Object.fromEntries(names.map((k, c) => [k, { data: cols[c].data.subarray(i * rowSizes[c], (i + 1) * rowSizes[c]), shape: rowShapes[c] }])) as unknown as HostRow<C>;
    },
    gather: (indices) => {
      const out: Record<string, Tensor> = {};
      names.forEach((k, c) => {
        const size = rowSizes[c];
        const data = allocLike(cols[c].data, indices.length * size);
        indices.forEach((r, i) => data.set(cols[c].data.subarray(r * size, (r + 1) * size), i * size));
        out[k] = uploadHost({ data, shape: [indices.length, ...rowShapes[c]] });
      });
      return out;
    },
  };
  return new Dataset<HostRow<C>>({ kind: 'indexed', source, order: identityOrder(n), randomOrder: false }, n);
}

/**
 * A dataset of the items of a list (any values; batching stacks tensors and numbers, see `batch`).
 *
 * ```ts
 * const ds = fromArray([{ x: [1, 2], y: 0 }, { x: [3, 4], y: 1 }]);
 * ```
 */
export function fromArray<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) fail('fromArray', 'expects a list');
  const list = [...items];
  const source: IndexedSource<T> = { size: list.length, get: (i) => list[i] };
  return new Dataset<T>({ kind: 'indexed', source, order: identityOrder(list.length), randomOrder: false }, list.length);
}

/**
 * A dataset over an (async) iterable made afresh for every iteration, e.g. rows read from a
 * file. Give `size` when it is known.
 *
 * ```ts
 * const ds = fromGenerator(async function* () { for (const f of files) yield await decode(f); });
 * ```
 */
export function fromGenerator<T>(make: () => AsyncIterable<T> | Iterable<T>, options: { size?: number } = {}): Dataset<T> {
  const op = 'fromGenerator';
  if (typeof make !== 'function') fail(op, 'expects a function that returns an iterable');
  if (options.size !== undefined && !(Number.isInteger(options.size) && options.size >= 0)) fail(op, `size must be an integer >= 0, got ${options.size}`);
  return new Dataset<T>({
    kind: 'stream',
    open: () => {
      const it = make();
      if (it && typeof (it as AsyncIterable<T>)[Symbol.asyncIterator] === 'function') return (it as AsyncIterable<T>)[Symbol.asyncIterator]();
      if (it && typeof (it as Iterable<T>)[Symbol.iterator] === 'function') {
        return (async function* () { yield* it as Iterable<T>; })();
      }
      fail(op, 'the function must return an iterable or an async iterable');
    },
  }, options.size);
}
