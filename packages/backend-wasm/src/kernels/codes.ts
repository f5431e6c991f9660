import type { BinaryOp, DType, FusedActivation, UnaryOp } from '@tessera/tensor';

/** Op numbers of the Rust kernels (rust/src/unary.rs, elementwise.rs, gemm.rs). */
export const UNARY_CODES: Readonly<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, sign: 2, square: 3, reciprocal: 4, exp: 5, expm1: 6, log: 7, log1p: 8, sqrt: 9,
  rsqrt: 10, sin: 11, cos: 12, tanh: 13, sigmoid: 14, erf: 15, floor: 16, ceil: 17, round: 18, relu: 19,
  logicalNot: 20,
};

export const BINARY_CODES: Readonly<Record<BinaryOp, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6, equal: 7, notEqual: 8, less: 9,
  lessEqual: 10, greater: 11, greaterEqual: 12, logicalAnd: 13, logicalOr: 14,
};

export const COMPARE_OPS: ReadonlySet<BinaryOp> = new Set<BinaryOp>([
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr',
]);

export const DTYPE_CODES: Readonly<Record<DType, number>> = { float32: 0, int32: 1, bool: 2 };

export const ACTIVATION_CODES: Readonly<Record<FusedActivation, number>> = {
  linear: 0, relu: 1, relu6: 2, sigmoid: 3, tanh: 4,
};

const bits = new Float32Array(1);
const bitsU32 = new Uint32Array(bits.buffer);
const bitsI32 = new Int32Array(bits.buffer);

/** The float32 bit pattern of `value` as a uint32. */
export function f32Bits(value: number): number {
  bits[0] = value;
  return bitsU32[0];
}

/** The storage bit pattern of `value` in `dtype` (float32 bits, int32 truncation, 0/1). */
export function valueBits(value: number, dtype: DType): number {
  if (dtype === 'float32') return f32Bits(value);
  if (dtype === 'bool') return value ? 1 : 0;
  bitsI32[0] = Number.isFinite(value) ? Math.trunc(value) : 0;
  return bitsU32[0];
}
