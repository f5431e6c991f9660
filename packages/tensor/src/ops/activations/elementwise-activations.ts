import { toTensor, type TensorLike } from '../../creation.js';
import { fail } from '../../errors.js';
import { customOp } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { add, sub } from '../elementwise/add.js';
import { cast } from '../elementwise/cast.js';
import { clip } from '../elementwise/clip.js';
import { greater, less, logicalAnd } from '../elementwise/compare.js';
import { erf } from '../elementwise/erf.js';
import { exp, expm1 } from '../elementwise/exp.js';
import { log1p } from '../elementwise/log.js';
import { maximum } from '../elementwise/maximum.js';
import { mul } from '../elementwise/mul.js';
import { neg } from '../elementwise/neg.js';
import { abs } from '../elementwise/abs.js';
import { sigmoid } from '../elementwise/sigmoid.js';
import { square } from '../elementwise/square.js';
import { tanh } from '../elementwise/tanh.js';
import { where } from '../elementwise/where.js';
import { minimum } from '../elementwise/maximum.js';

// Activations with a hand-written backward: composing them from `where` would take exp() of
// large values in the unused branch, and 0 * inf = NaN would leak into the gradient.

function activation(op: string, xLike: TensorLike, forward: (x: Tensor) => Tensor,
  backward: (dy: Tensor, x: Tensor, y: Tensor) => Tensor): Tensor {
  const c = toTensor(op, xLike, 'x');
  try {
    const x = c.t.dtype === 'float32' ? c.t : cast(c.t, 'float32');
    try {
      return customOp(op, [x], () => forward(x), (dy, { inputs: [xi], output }) => [backward(dy, xi, output)]);
    } finally {
      if (x !== c.t) x.dispose();
    }
  } finally {
    if (c.owned) c.t.dispose();
  }
}

const positive = (x: Tensor) => greater(x, 0);

/**
 * x for x > 0, alpha * x otherwise; slope alpha at exactly 0 (PyTorch).
 *
 * ```ts
 * leakyRelu(tensor([-2, 3]), 0.1); // [-0.2, 3]
 * ```
 */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) fail('leakyRelu', `alpha must be a finite number, got ${alpha}`);
  return activation('leakyRelu', x,
    (xi) => where(positive(xi), xi, mul(xi, alpha)),
    (dy, xi) => mul(dy, where(positive(xi), 1, alpha)));
}

/** min(max(x, 0), 6). */
export function relu6(x: TensorLike): Tensor {
  return activation('relu6', x,
    (xi) => clip(xi, 0, 6),
    (dy, xi) => mul(dy, cast(logicalAnd(greater(xi, 0), less(xi, 6)), 'float32')));
}

/**
 * x for x > 0, alpha * (e^x - 1) otherwise. At exactly 0 the gradient is alpha, the x <= 0
 * branch (PyTorch).
 */
export function elu(x: TensorLike, alpha = 1): Tensor {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) fail('elu', `alpha must be a finite number, got ${alpha}`);
  return activation('elu', x,
    (xi) => where(positive(xi), xi, mul(expm1(minimum(xi, 0)), alpha)),
    (dy, xi, y) => mul(dy, where(positive(xi), 1, add(y, alpha))));
}

export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/** scale * elu(x, alpha) with the self-normalizing constants of Klambauer et al. */
export function selu(x: TensorLike): Tensor {
  return activation('selu', x,
    (xi) => mul(where(positive(xi), xi, mul(expm1(minimum(xi, 0)), SELU_ALPHA)), SELU_SCALE),
    (dy, xi, y) => mul(dy, where(positive(xi), SELU_SCALE, add(y, SELU_SCALE * SELU_ALPHA))));
}

/** log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) so it never overflows. */
export function softplus(x: TensorLike): Tensor {
  return activation('softplus', x,
    (xi) => add(maximum(xi, 0), log1p(exp(neg(abs(xi))))),
    (dy, xi) => mul(dy, sigmoid(xi)));
}

const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_C = 0.044715;

/**
 * Gaussian error linear unit: x * Phi(x) with the exact erf (`approximate: 'none'`, the default
 * in PyTorch and Keras 3) or the tanh approximation.
 */
export function gelu(x: TensorLike, options: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  const approximate = options.approximate ?? 'none';
  if (approximate !== 'none' && approximate !== 'tanh') fail('gelu', `approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`);
  if (approximate === 'none') {
    return activation('gelu', x,
      (xi) => mul(mul(xi, 0.5), add(erf(mul(xi, SQRT_HALF)), 1)),
      // d/dx x*Phi(x) = Phi(x) + x * phi(x)
      (dy, xi) => mul(dy, add(mul(add(erf(mul(xi, SQRT_HALF)), 1), 0.5), mul(xi, mul(exp(mul(square(xi), -0.5)), INV_SQRT_2PI)))));
  }
  const inner = (xi: Tensor) => mul(add(xi, mul(mul(square(xi), xi), GELU_C)), SQRT_2_OVER_PI);
  return activation('gelu', x,
    (xi) => mul(mul(xi, 0.5), add(tanh(inner(xi)), 1)),
    (dy, xi) => {
      const t = tanh(inner(xi));
      const dInner = mul(add(mul(square(xi), 3 * GELU_C), 1), SQRT_2_OVER_PI);
      return mul(dy, add(mul(add(t, 1), 0.5), mul(mul(mul(xi, 0.5), sub(1, square(t))), dInner)));
    });
}

/** x * sigmoid(x) (SiLU, a.k.a. swish). */
export function silu(x: TensorLike): Tensor {
  return activation('silu', x,
    (xi) => mul(xi, sigmoid(xi)),
    (dy, xi) => {
      const s = sigmoid(xi);
      return mul(dy, add(s, mul(mul(xi, s), sub(1, s))));
    });
}
