import { toTensor, type TensorLike } from '../../creation.js';
import { upcast } from '../../dtype.js';
import { fail, fmtShape } from '../../errors.js';
import { runOp } from '../../op.js';
import { normalizeAxis } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { cast, clone } from '../elementwise/cast.js';
import { expandDims } from './reshape.js';
import { slice } from './slice.js';

/**
 * Joins tensors along an existing axis; all other axes must agree.
 *
 * ```ts
 * concat([zeros([2, 3]), ones([1, 3])], 0).shape; // [3, 3]
 * ```
 */
export function concat(xsLike: readonly TensorLike[], axis = 0): Tensor {
  const op = 'concat';
  if (!Array.isArray(xsLike) || xsLike.length === 0) fail(op, 'needs a non-empty list of tensors');
  const converted = xsLike.map((x, i) => toTensor(op, x, `tensors[${i}]`));
  const temps: Tensor[] = [];
  try {
    const first = converted[0].t;
    if (first.rank === 0) fail(op, 'cannot concatenate scalars (use stack)');
    const ax = normalizeAxis(op, axis, first.rank);
    const dt = converted.reduce((d, c) => upcast(d, c.t.dtype), first.dtype);
    const xs = converted.map(({ t }) => { if (t.dtype === dt) return t; const r = cast(t, dt); temps.push(r); return r; });
    xs.forEach((t, i) => {
      if (t.rank !== first.rank) fail(op, `tensors[${i}] has rank ${t.rank}, tensors[0] has rank ${first.rank}`);
      t.shape.forEach((d, k) => {
        if (k !== ax && d !== first.shape[k]) {
          fail(op, `tensors[${i}] shape ${fmtShape(t.shape)} differs from ${fmtShape(first.shape)} outside axis ${ax}`);
        }
      });
    });
    if (xs.length === 1) return clone(xs[0]);
    const shape = [...first.shape];
    shape[ax] = xs.reduce((n, t) => n + t.shape[ax], 0);
    return runOp({
      name: op, inputs: xs, shape, dtype: dt,
      forward: (b, infos) => b.concat(infos, ax, shape),
      backward: (dy, { inputs, needs }) => {
        let offset = 0;
        return inputs.map((t, i) => {
          const begin = t.shape.map((_, k) => (k === ax ? offset : 0));
          offset += t.shape[ax];
          return needs[i] ? slice(dy, begin, t.shape) : null;
        });
      },
    });
  } finally {
    for (const t of temps) t.dispose();
    for (const c of converted) if (c.owned) c.t.dispose();
  }
}

/**
 * Joins equally shaped tensors along a new axis.
 *
 * ```ts
 * stack([zeros([2, 3]), ones([2, 3])], 1).shape; // [2, 2, 3]
 * ```
 */
export function stack(xsLike: readonly TensorLike[], axis = 0): Tensor {
  const op = 'stack';
  if (!Array.isArray(xsLike) || xsLike.length === 0) fail(op, 'needs a non-empty list of tensors');
  const converted = xsLike.map((x, i) => toTensor(op, x, `tensors[${i}]`));
  const expanded: Tensor[] = [];
  try {
    const first = converted[0].t;
    converted.forEach(({ t }, i) => {
      if (t.rank !== first.rank || t.shape.some((d, k) => d !== first.shape[k])) {
        fail(op, `tensors[${i}] shape ${fmtShape(t.shape)} differs from tensors[0] shape ${fmtShape(first.shape)}`);
      }
    });
    const ax = normalizeAxis(op, axis, first.rank, true);
    for (const { t } of converted) expanded.push(expandDims(t, ax));
    return concat(expanded, ax);
  } finally {
    for (const t of expanded) t.dispose();
    for (const c of converted) if (c.owned) c.t.dispose();
  }
}
