import type { BinaryOp } from '../../backend/backend.js';
import type { BackwardFn } from '../../autograd/tape.js';
import { toTensor, type TensorLike } from '../../creation.js';
import { upcast, type DType } from '../../dtype.js';
import { runOp } from '../../op.js';
import { broadcastShapes, broadcastedAxes, padRank, shapesEqual } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { cast } from './cast.js';
import { reshape } from '../shape/reshape.js';
import { sum } from '../reduce/sum.js';

export type BinaryKind = 'arith' | 'float' | 'compare' | 'logical';

/** Output dtype of a binary op: `float` ops (div) always give float32, comparisons bool. */
function operandDtype(kind: BinaryKind, a: DType, b: DType): DType {
  switch (kind) {
    case 'arith': { const d = upcast(a, b); return d === 'bool' ? 'int32' : d; }
    case 'float': return 'float32';
    case 'compare': return upcast(a, b);
    case 'logical': return 'bool';
  }
}

/**
 * Shared body of every broadcasting binary op: converts operands, promotes dtypes, gives both
 * the output's rank (as views), runs the kernel, and records `backward`, whose gradients have
 * the padded input shapes and are summed back over broadcast axes by `unbroadcast`.
 */
export function binaryOp(op: BinaryOp, kind: BinaryKind, aLike: TensorLike, bLike: TensorLike, backward?: BackwardFn): Tensor {
  const hint = (v: TensorLike): DType | undefined => (typeof v === 'object' && v !== null && 'dtype' in v ? (v as Tensor).dtype : undefined);
  const ca = toTensor(op, aLike, 'a', hint(bLike));
  const cb = toTensor(op, bLike, 'b', hint(aLike) ?? ca.t.dtype);
  const temps: Tensor[] = [];
  const keepTemp = (t: Tensor) => { temps.push(t); return t; };
  try {
    const outShape = broadcastShapes(op, ca.t.shape, cb.t.shape);
    const dt = operandDtype(kind, ca.t.dtype, cb.t.dtype);
    const prepare = (t: Tensor): Tensor => {
      let r = t.dtype === dt ? t : keepTemp(cast(t, dt));
      if (r.rank !== outShape.length) r = keepTemp(reshape(r, padRank(r.shape, outShape.length)));
      return r;
    };
    const a = prepare(ca.t);
    const b = prepare(cb.t);
    const outDtype: DType = kind === 'compare' || kind === 'logical' ? 'bool' : dt;
    return runOp({
      name: op, inputs: [a, b], shape: outShape, dtype: outDtype,
      forward: (backend, [ai, bi]) => backend.binary(op, ai, bi, outShape),
      backward,
    });
  } finally {
    for (const t of temps) t.dispose();
    if (ca.owned) ca.t.dispose();
    if (cb.owned) cb.t.dispose();
  }
}

/** Sums a gradient of the broadcast output shape back to an input's (same-rank) shape. */
export function unbroadcast(grad: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const axes = broadcastedAxes(shape, grad.shape);
  const summed = sum(grad, axes, true);
  return shapesEqual(summed.shape, shape) ? summed : reshape(summed, shape);
}
