import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { runOp } from '../../op.js';
import { broadcastShapes, shapesEqual, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { cast } from '../elementwise/cast.js';
import { sum } from '../reduce/sum.js';
import { broadcastTo } from '../shape/broadcast-to.js';
import { reshape } from '../shape/reshape.js';

export interface MatmulOptions {
  /** Transpose the last two axes of `a` first. */
  readonly transposeA?: boolean;
  /** Transpose the last two axes of `b` first. */
  readonly transposeB?: boolean;
}

/** Resolved geometry of a (batched) matmul: what the backend's 3-D kernel needs. */
export interface MatmulGeometry {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly batchShape: number[];
  readonly outShape: number[];
}

export function matmulGeometry(op: string, aShape: readonly number[], bShape: readonly number[], ta: boolean, tb: boolean): MatmulGeometry {
  if (aShape.length < 2 || bShape.length < 2) {
    fail(op, `both operands need at least 2 dimensions, got ${fmtShape(aShape)} x ${fmtShape(bShape)}`);
  }
  const [ar, ac] = aShape.slice(-2);
  const [br, bc] = bShape.slice(-2);
  const m = ta ? ac : ar, k = ta ? ar : ac, kb = tb ? bc : br, n = tb ? br : bc;
  if (k !== kb) {
    const note = ta || tb ? ` (transposeA=${ta}, transposeB=${tb})` : '';
    fail(op, `inner dimensions differ: ${fmtShape(aShape)} x ${fmtShape(bShape)}${note}`);
  }
  const batchShape = broadcastShapes(op, aShape.slice(0, -2), bShape.slice(0, -2));
  return { m, k, n, batchShape, outShape: [...batchShape, m, n] };
}

/**
 * An operand as the 3-D `[batch or 1, rows, cols]` the kernel takes; a batch that only partly
 * broadcasts (e.g. [2,1] against [3]) is materialized first.
 */
function as3d(t: Tensor, batchShape: readonly number[], temps: Tensor[]): Tensor {
  const own = t.shape.slice(0, -2);
  const rows = t.shape[t.rank - 2], cols = t.shape[t.rank - 1];
  let src = t;
  if (sizeOf(own) !== 1 && !shapesEqual(own, batchShape)) {
    src = broadcastTo(t, [...batchShape, rows, cols]);
    temps.push(src);
  }
  const batch = sizeOf(src.shape.slice(0, -2));
  const view = reshape(src, [batch, rows, cols]);
  temps.push(view);
  return view;
}

/**
 * Matrix product over the last two axes; leading axes are batch axes and broadcast.
 *
 * ```ts
 * matmul(ones([2, 3]), ones([3, 4])).shape;                    // [2, 4]
 * matmul(ones([8, 2, 3]), ones([4, 3]), { transposeB: true });  // [8, 2, 4]
 * ```
 */
export function matmul(aLike: TensorLike, bLike: TensorLike, options: MatmulOptions = {}): Tensor {
  const op = 'matmul';
  const ca = toTensor(op, aLike, 'a');
  const cb = toTensor(op, bLike, 'b');
  const temps: Tensor[] = [];
  try {
    const ta = options.transposeA ?? false, tb = options.transposeB ?? false;
    const geo = matmulGeometry(op, ca.t.shape, cb.t.shape, ta, tb);
    const toFloat = (t: Tensor) => { if (t.dtype === 'float32') return t; const r = cast(t, 'float32'); temps.push(r); return r; };
    const a3 = as3d(toFloat(ca.t), geo.batchShape, temps);
    const b3 = as3d(toFloat(cb.t), geo.batchShape, temps);
    const batch = sizeOf(geo.batchShape);
    const out3 = runOp({
      name: op, inputs: [a3, b3], shape: [batch, geo.m, geo.n], dtype: 'float32',
      forward: (backend, [ai, bi]) => backend.matmul(ai, bi, { transposeA: ta, transposeB: tb }),
      backward: (dy, { inputs: [a, b], needs }) => matmulBackward(dy, a, b, ta, tb, needs),
    });
    temps.push(out3);
    return reshape(out3, geo.outShape);
  } finally {
    for (const t of temps) t.dispose();
    if (ca.owned) ca.t.dispose();
    if (cb.owned) cb.t.dispose();
  }
}

/**
 * Gradients of C = op(A) op(B) for the four transpose combinations, each itself one matmul;
 * an operand with batch 1 that was repeated gets the sum over the batch.
 */
export function matmulBackward(dy: Tensor, a: Tensor, b: Tensor, ta: boolean, tb: boolean,
  needs: readonly boolean[]): [Tensor | null, Tensor | null] {
  const mm = (x: Tensor, y: Tensor, tx: boolean, ty: boolean) => matmul(x, y, { transposeA: tx, transposeB: ty });
  const sumBatch = (g: Tensor, like: Tensor) => (like.shape[0] === 1 && g.shape[0] !== 1 ? sum(g, 0, true) : g);
  let da: Tensor | null = null, db: Tensor | null = null;
  if (needs[0]) {
    const g = !ta ? mm(dy, b, false, !tb) : mm(b, dy, tb, true);
    da = sumBatch(g, a);
  }
  if (needs[1]) {
    const g = !tb ? mm(a, dy, !ta, false) : mm(dy, a, true, ta);
    db = sumBatch(g, b);
  }
  return [da, db];
}
