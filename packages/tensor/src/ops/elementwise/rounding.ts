import type { TensorLike } from '../../creation.js';
import { zerosLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { unaryOp } from './unary.js';

// Piecewise-constant functions: their gradient is 0 almost everywhere (PyTorch returns zeros).
const zeroGrad = (dy: Tensor) => [zerosLike(dy)];

/** Largest integer <= x. */
export const floor = (x: TensorLike): Tensor => unaryOp('floor', x, zeroGrad);
/** Smallest integer >= x. */
export const ceil = (x: TensorLike): Tensor => unaryOp('ceil', x, zeroGrad);
/** Nearest integer, halves to even (0.5 -> 0, 1.5 -> 2), as torch.round and tf.round. */
export const round = (x: TensorLike): Tensor => unaryOp('round', x, zeroGrad);
