import type { ArithmeticOp, BinaryOp, CompareOp, DType, TypedArray } from '@tessera/tensor';
import { planRows, type RowPlan } from './broadcast.js';

/**
 * Elementwise binary ops with broadcasting. Arithmetic ops return the operands' dtype;
 * comparisons and logical ops return bool (0/1).
 *
 * int32 arithmetic wraps like int32: add/sub/mul wrap modulo 2^32, `div` is floor division
 * (x / 0 gives 0), `pow` is exact repeated multiplication that wraps (negative exponents
 * truncate toward zero). bool arithmetic is computed as int32 and stored as `value != 0`, so
 * add and maximum act as logical or, mul and minimum as logical and.
 */
export function binary(
  op: BinaryOp, dtype: DType,
  a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[],
  outShape: readonly number[], outSize: number,
): TypedArray {
  const plan = planRows(outShape, [aShape, bShape]);
  if (isCompare(op)) {
    const out = new Uint8Array(outSize);
    compareRows(op, a, b, out, plan);
    return out;
  }
  if (dtype === 'float32') {
    const out = new Float32Array(outSize);
    floatRows(op, a, b, out, plan);
    return out;
  }
  const ints = new Int32Array(outSize);
  intRows(op, a, b, ints, plan);
  if (dtype === 'int32') return ints;
  const out = new Uint8Array(outSize);
  for (let i = 0; i < outSize; i++) out[i] = ints[i] !== 0 ? 1 : 0;
  return out;
}

const COMPARE_OPS: ReadonlySet<BinaryOp> = new Set<CompareOp>([
  'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr',
]);

function isCompare(op: BinaryOp): op is CompareOp {
  return COMPARE_OPS.has(op);
}

/** Floor division of int32 values; the double quotient of two int32s never rounds across an integer. */
export function floorDivInt(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b) | 0;
}

/** a^b on int32 by squaring with Math.imul, so overflow wraps exactly like int32. */
export function powInt(a: number, b: number): number {
  if (b < 0) {
    if (a === 1) return 1;
    if (a === -1) return (b & 1) === 0 ? 1 : -1;
    return 0;
  }
  let result = 1;
  let base = a | 0;
  for (let e = b; e > 0; e >>>= 1) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}

function floatRows(op: ArithmeticOp, a: TypedArray, b: TypedArray, out: Float32Array, plan: RowPlan): void {
  const { rows, rowLength, offsets: [ao, bo], steps: [sa, sb] } = plan;
  for (let r = 0, o = 0; r < rows; r++) {
    let i = ao[r];
    let j = bo[r];
    const end = o + rowLength;
    switch (op) {
      case 'add': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] + b[j]; break;
      case 'sub': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] - b[j]; break;
      case 'mul': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] * b[j]; break;
      case 'div': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] / b[j]; break;
      case 'pow': for (; o < end; o++, i += sa, j += sb) out[o] = Math.pow(a[i], b[j]); break;
      case 'maximum': for (; o < end; o++, i += sa, j += sb) out[o] = Math.max(a[i], b[j]); break;
      case 'minimum': for (; o < end; o++, i += sa, j += sb) out[o] = Math.min(a[i], b[j]); break;
    }
  }
}

function intRows(op: ArithmeticOp, a: TypedArray, b: TypedArray, out: Int32Array, plan: RowPlan): void {
  const { rows, rowLength, offsets: [ao, bo], steps: [sa, sb] } = plan;
  for (let r = 0, o = 0; r < rows; r++) {
    let i = ao[r];
    let j = bo[r];
    const end = o + rowLength;
    // The Int32Array store wraps sums and differences modulo 2^32; products need Math.imul
    // because a double product of two int32s can exceed 2^53 and lose its low bits.
    switch (op) {
      case 'add': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] + b[j]; break;
      case 'sub': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] - b[j]; break;
      case 'mul': for (; o < end; o++, i += sa, j += sb) out[o] = Math.imul(a[i], b[j]); break;
      case 'div': for (; o < end; o++, i += sa, j += sb) out[o] = floorDivInt(a[i], b[j]); break;
      case 'pow': for (; o < end; o++, i += sa, j += sb) out[o] = powInt(a[i], b[j]); break;
      case 'maximum': for (; o < end; o++, i += sa, j += sb) out[o] = Math.max(a[i], b[j]); break;
      case 'minimum': for (; o < end; o++, i += sa, j += sb) out[o] = Math.min(a[i], b[j]); break;
    }
  }
}

function compareRows(op: CompareOp, a: TypedArray, b: TypedArray, out: Uint8Array, plan: RowPlan): void {
  const { rows, rowLength, offsets: [ao, bo], steps: [sa, sb] } = plan;
  for (let r = 0, o = 0; r < rows; r++) {
    let i = ao[r];
    let j = bo[r];
    const end = o + rowLength;
    switch (op) {
      case 'equal': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] === b[j] ? 1 : 0; break;
      case 'notEqual': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] !== b[j] ? 1 : 0; break;
      case 'less': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] < b[j] ? 1 : 0; break;
      case 'lessEqual': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] <= b[j] ? 1 : 0; break;
      case 'greater': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] > b[j] ? 1 : 0; break;
      case 'greaterEqual': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] >= b[j] ? 1 : 0; break;
      case 'logicalAnd': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] !== 0 && b[j] !== 0 ? 1 : 0; break;
      case 'logicalOr': for (; o < end; o++, i += sa, j += sb) out[o] = a[i] !== 0 || b[j] !== 0 ? 1 : 0; break;
    }
  }
}
