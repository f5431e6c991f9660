import type { ReduceLayout, ReduceOp, ArgReduceOp } from '../../backend/backend.js';
import type { BackwardFn } from '../../autograd/tape.js';
import { toTensor, type TensorLike } from '../../creation.js';
import type { DType } from '../../dtype.js';
import { runOp } from '../../op.js';
import { normalizeAxes, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { cast } from '../elementwise/cast.js';
import { clone } from '../elementwise/cast.js';
import { transpose } from '../shape/transpose.js';

export type Axis = number | readonly number[] | null | undefined;

/** Shape after reducing `axes` of `shape`. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/**
 * Brings the reduced axes together and computes the `[outer, reduce, inner]` layout the
 * backend sees. Adjacent axes need no data movement; scattered ones are transposed to the end.
 */
function prepare(x: Tensor, axes: readonly number[]): { input: Tensor; layout: ReduceLayout; temp: boolean } {
  const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1] + 1);
  if (contiguous && axes.length > 0) {
    const first = axes[0], last = axes[axes.length - 1];
    return {
      input: x,
      temp: false,
      layout: {
        outer: sizeOf(x.shape.slice(0, first)),
        reduce: sizeOf(x.shape.slice(first, last + 1)),
        inner: sizeOf(x.shape.slice(last + 1)),
      },
    };
  }
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const moved = transpose(x, [...kept, ...axes]);
  return {
    input: moved,
    temp: true,
    layout: { outer: sizeOf(kept.map((i) => x.shape[i])), reduce: sizeOf(axes.map((i) => x.shape[i])), inner: 1 },
  };
}

/** Shared body of sum/max/min (and the arg reductions): validation, layout, kernel, backward. */
export function reduceOp(name: string, op: ReduceOp, xLike: TensorLike, axis: Axis, keepDims: boolean,
  backward?: (axes: number[]) => BackwardFn, dtypeFor: (d: DType) => DType = (d) => (d === 'bool' ? 'int32' : d)): Tensor {
  const c = toTensor(name, xLike, 'x');
  const axes = normalizeAxes(name, axis, c.t.rank);
  const dt = dtypeFor(c.t.dtype);
  const x = c.t.dtype === dt ? c.t : cast(c.t, dt);
  try {
    if (axes.length === 0) return clone(x);
    const { input, layout, temp } = prepare(x, axes);
    try {
      return runOp({
        name, inputs: [input], shape: reducedShape(x.shape, axes, keepDims), dtype: dt,
        forward: (b, [xi]) => b.reduce(op, xi, layout),
        // The node's input is the (possibly transposed) tensor; its gradient flows back through
        // the transpose. The backward therefore works on `input`'s own axes.
        backward: backward?.(temp ? axes.map((_, i) => x.rank - axes.length + i) : axes),
      });
    } finally {
      if (temp) input.dispose();
    }
  } finally {
    if (x !== c.t) x.dispose();
    if (c.owned) c.t.dispose();
  }
}

export function argReduceOp(name: ArgReduceOp, xLike: TensorLike, axis: number | null | undefined): Tensor {
  const c = toTensor(name, xLike, 'x');
  try {
    const flat = axis === null || axis === undefined;
    const axes = flat ? [] : normalizeAxes(name, axis, c.t.rank);
    const x = c.t.dtype === 'bool' ? cast(c.t, 'int32') : c.t;
    try {
      const layout: ReduceLayout = flat
        ? { outer: 1, reduce: x.size, inner: 1 }
        : { outer: sizeOf(x.shape.slice(0, axes[0])), reduce: x.shape[axes[0]], inner: sizeOf(x.shape.slice(axes[0] + 1)) };
      return runOp({
        name, inputs: [x], shape: flat ? [] : reducedShape(x.shape, axes, false), dtype: 'int32',
        forward: (b, [xi]) => b.argReduce(name, xi, layout),
      });
    } finally {
      if (x !== c.t) x.dispose();
    }
  } finally {
    if (c.owned) c.t.dispose();
  }
}
