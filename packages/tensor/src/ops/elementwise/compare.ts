import type { TensorLike } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { binaryOp } from './binary.js';
import { unaryOp } from './unary.js';

// Comparisons and logical ops have no gradient; each is one broadcasting kernel call returning
// a bool tensor. They share a file because each is a single line.

/** a == b elementwise (bool). `equal(tensor([1, 2]), 2)` gives `[false, true]`. */
export const equal = (a: TensorLike, b: TensorLike): Tensor => binaryOp('equal', 'compare', a, b);
/** a != b elementwise (bool). */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => binaryOp('notEqual', 'compare', a, b);
/** a < b elementwise (bool). */
export const less = (a: TensorLike, b: TensorLike): Tensor => binaryOp('less', 'compare', a, b);
/** a <= b elementwise (bool). */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => binaryOp('lessEqual', 'compare', a, b);
/** a > b elementwise (bool). */
export const greater = (a: TensorLike, b: TensorLike): Tensor => binaryOp('greater', 'compare', a, b);
/** a >= b elementwise (bool). */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => binaryOp('greaterEqual', 'compare', a, b);
/** Logical and of truthiness (bool). */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => binaryOp('logicalAnd', 'logical', a, b);
/** Logical or of truthiness (bool). */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => binaryOp('logicalOr', 'logical', a, b);
/** Logical not (bool). */
export const logicalNot = (x: TensorLike): Tensor => unaryOp('logicalNot', x);
