import type { FusedActivation } from '../../backend/backend.js';
import { ENGINE } from '../../engine.js';
import { toTensor, type TensorLike } from '../../creation.js';
import { fail, fmtShape } from '../../errors.js';
import { customOp, runOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { add } from '../elementwise/add.js';
import { sum } from '../reduce/sum.js';
import { activationBackward, applyActivation, checkActivation } from '../activations/fused-activation.js';
import { matmul, matmulBackward, matmulGeometry } from './matmul.js';
import type { BackwardFn } from '../../autograd/tape.js';

export interface FusedMatmulOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
  /** Length-N vector added to every row. */
  readonly bias?: TensorLike | null;
  readonly activation?: FusedActivation;
}

/**
 * `activation(a @ b + bias)` for 2-D operands (a dense layer). Runs as one kernel where the
 * backend has `fusedMatmul`, otherwise as matmul + add + activation; the gradient is the same.
 *
 * ```ts
 * fusedMatmul(x, w, { bias: b, activation: 'relu' }); // relu(x @ w + b)
 * ```
 */
export function fusedMatmul(aLike: TensorLike, bLike: TensorLike, options: FusedMatmulOptions = {}): Tensor {
  const op = 'fusedMatmul';
  const ca = toTensor(op, aLike, 'a');
  const cb = toTensor(op, bLike, 'b');
  const cbias = options.bias === undefined || options.bias === null ? null : toTensor(op, options.bias, 'bias');
  try {
    const a = ca.t, b = cb.t, bias = cbias?.t ?? null;
    const ta = options.transposeA ?? false, tb = options.transposeB ?? false;
    const activation = checkActivation(op, options.activation ?? 'linear');
    if (a.rank !== 2 || b.rank !== 2) fail(op, `expects 2-D operands, got ${fmtShape(a.shape)} x ${fmtShape(b.shape)}`);
    if (a.dtype !== 'float32' || b.dtype !== 'float32') fail(op, `expects float32 operands, got ${a.dtype} x ${b.dtype}`);
    const geo = matmulGeometry(op, a.shape, b.shape, ta, tb);
    if (bias && (bias.rank !== 1 || bias.shape[0] !== geo.n || bias.dtype !== 'float32')) {
      fail(op, `bias must be a float32 vector of length ${geo.n}, got ${bias.dtype} ${fmtShape(bias.shape)}`);
    }
    const inputs = bias ? [a, b, bias] : [a, b];
    const backward: BackwardFn = (dy, { inputs: saved, output, needs }) => {
      const dz = activationBackward(dy, output, activation);
      const [da, db] = matmulBackward(dz, saved[0], saved[1], ta, tb, needs);
      return [da, db, needs[2] ? sum(dz, 0) : null];
    };
    const backend = ENGINE.backend();
    if (backend.fusedMatmul) {
      return runOp({
        name: op, inputs, shape: geo.outShape, dtype: 'float32',
        forward: (bk, [ai, bi, biasInfo]) => bk.fusedMatmul!(
          { ...ai, shape: [1, ...ai.shape] }, { ...bi, shape: [1, ...bi.shape] },
          { transposeA: ta, transposeB: tb, bias: biasInfo, activation },
        ),
        backward,
      });
    }
    return customOp(op, inputs, () => {
      const z = matmul(a, b, { transposeA: ta, transposeB: tb });
      return applyActivation(bias ? add(z, bias) : z, activation);
    }, backward);
  } finally {
    if (ca.owned) ca.t.dispose();
    if (cb.owned) cb.t.dispose();
    if (cbias?.owned) cbias.t.dispose();
  }
}
