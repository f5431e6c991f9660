import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { runOp } from '../../op.js';
import { normalizeAxes } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { scatterAddAlong } from './gather.js';
import { pad } from './pad.js';

function perAxis(op: string, name: string, value: number | readonly number[], rank: number, fill: number): number[] {
  const list = typeof value === 'number' ? [value] : [...value];
  if (list.length > rank) fail(op, `${name} ${JSON.stringify(value)} has more entries than the input's rank ${rank}`);
  for (const v of list) if (!Number.isInteger(v)) fail(op, `${name} must hold integers, got ${JSON.stringify(value)}`);
  while (list.length < rank) list.push(fill);
  return list;
}

/**
 * A contiguous block: `size[d]` elements from `begin[d]` on each axis (TensorFlow semantics;
 * size -1 means "to the end"). Missing trailing entries take the whole axis.
 *
 * ```ts
 * slice(arange(10), 2, 3); // [2, 3, 4]
 * ```
 */
export function slice(xLike: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  const op = 'slice';
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t;
    const b = perAxis(op, 'begin', begin, x.rank, 0);
    const s = perAxis(op, 'size', size ?? [], x.rank, -1);
    const outShape = x.shape.map((dim, d) => {
      const len = s[d] === -1 ? dim - b[d] : s[d];
      if (b[d] < 0 || len < 0 || b[d] + len > dim) {
        fail(op, `begin ${JSON.stringify(begin)} with size ${JSON.stringify(size)} is out of bounds for shape ${fmtShape(x.shape)} (axis ${d})`);
      }
      return len;
    });
    const ones = x.shape.map(() => 1);
    return runOp({
      name: op, inputs: [x], shape: outShape, dtype: x.dtype,
      forward: (backend, [xi]) => backend.slice(xi, b, ones, outShape),
      backward: (dy) => [pad(dy, x.shape.map((dim, d) => [b[d], dim - b[d] - outShape[d]] as [number, number]))],
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}

/** Python slice bounds for one axis: start, step and length of `x[begin:end:stride]`. */
function pythonSlice(dim: number, begin: number | null, end: number | null, stride: number): [number, number] {
  if (stride > 0) {
    const norm = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
    const b = begin === null ? 0 : norm(begin);
    const e = end === null ? dim : norm(end);
    return [b, Math.max(0, Math.ceil((e - b) / stride))];
  }
  const norm = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, -1), dim - 1);
  const b = begin === null ? dim - 1 : norm(begin);
  const e = end === null ? -1 : norm(end);
  return [b, Math.max(0, Math.ceil((b - e) / -stride))];
}

/**
 * Python-style `x[b0:e0:s0, b1:e1:s1, ...]`: negative indices count from the end, `null` means
 * "from the start / to the end", negative strides walk backwards. Missing axes are taken whole.
 *
 * ```ts
 * stridedSlice(x, [0, 1], [6, 7], [2, 3]); // x[0:6:2, 1:7:3]
 * stridedSlice(x, [null], [null], [-1]);   // x reversed along axis 0
 * ```
 */
export function stridedSlice(xLike: TensorLike, begin: readonly (number | null)[], end: readonly (number | null)[],
  strides?: readonly number[]): Tensor {
  const op = 'stridedSlice';
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t;
    const n = Math.max(begin.length, end.length, strides?.length ?? 0);
    if (n > x.rank) fail(op, `${n} slice entries for an input of rank ${x.rank}`);
    const starts: number[] = [], steps: number[] = [], outShape: number[] = [];
    for (let d = 0; d < x.rank; d++) {
      const s = d < n ? strides?.[d] ?? 1 : 1;
      if (!Number.isInteger(s) || s === 0) fail(op, `strides must be non-zero integers, got ${JSON.stringify(strides)}`);
      const bv = d < n ? begin[d] ?? null : null;
      const ev = d < n ? end[d] ?? null : null;
      if ((bv !== null && !Number.isInteger(bv)) || (ev !== null && !Number.isInteger(ev))) {
        fail(op, `begin/end must be integers or null, got ${JSON.stringify(begin)} / ${JSON.stringify(end)}`);
      }
      const [start, len] = pythonSlice(x.shape[d], bv, ev, s);
      starts.push(len === 0 ? 0 : start);
      steps.push(s);
      outShape.push(len);
    }
    return runOp({
      name: op, inputs: [x], shape: outShape, dtype: x.dtype,
      forward: (backend, [xi]) => backend.slice(xi, starts, steps, outShape),
      backward: (dy) => [stridedScatter(dy, x.shape, starts, steps)],
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}

/** The adjoint of a strided slice: places dy at the sliced positions of zeros([...shape]). */
function stridedScatter(dy: Tensor, shape: readonly number[], starts: readonly number[], steps: readonly number[]): Tensor {
  let g = dy;
  for (let d = 0; d < shape.length; d++) {
    if (g.shape[d] === shape[d] && steps[d] === 1 && starts[d] === 0) continue;
    const indices = Array.from({ length: g.shape[d] }, (_, i) => starts[d] + i * steps[d]);
    const next = scatterAddAlong(g, indices, d, shape[d]);
    if (g !== dy) g.dispose();
    g = next;
  }
  return g;
}

/**
 * Reverses the order of elements along `axis` (all axes when omitted).
 *
 * ```ts
 * reverse(tensor([1, 2, 3])); // [3, 2, 1]
 * ```
 */
export function reverse(xLike: TensorLike, axis?: number | readonly number[] | null): Tensor {
  const op = 'reverse';
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t;
    const axes = normalizeAxes(op, axis, x.rank);
    const starts = x.shape.map((dim, d) => (axes.includes(d) && dim > 0 ? dim - 1 : 0));
    const steps = x.shape.map((_, d) => (axes.includes(d) ? -1 : 1));
    return runOp({
      name: op, inputs: [x], shape: x.shape, dtype: x.dtype,
      forward: (backend, [xi]) => backend.slice(xi, starts, steps, x.shape),
      backward: (dy) => [reverse(dy, axes)],
    });
  } finally {
    if (c.owned) c.t.dispose();
  }
}
