import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { binaryOp, unbroadcast } from './binary.js';
import { equal, greater } from './compare.js';
import { log } from './log.js';
import { mul } from './mul.js';
import { sub } from './add.js';
import { where } from './where.js';

/**
 * Elementwise a ** b with broadcasting.
 *
 * The exponent's gradient a^b * log(a) is defined for a > 0 only; elsewhere it is taken as 0
 * rather than NaN, so a negative base with a constant exponent does not poison training.
 *
 * ```ts
 * pow(tensor([1, 2, 3]), 2); // [1, 4, 9]
 * ```
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('pow', 'arith', a, b, (dy, { inputs: [x, y], output, needs }) => [
    // b * a^(b-1), written so that b == 0 gives 0 even at a == 0 (0 * inf would be NaN).
    needs[0] ? unbroadcast(where(equal(y, 0), 0, mul(dy, mul(y, pow(x, sub(y, 1))))), x.shape) : null,
    needs[1] ? unbroadcast(where(greater(x, 0), mul(dy, mul(output, log(where(greater(x, 0), x, 1)))), 0), y.shape) : null,
  ]);
}
