import { TesseraError, type DType, type TypedArray, type UnaryOp } from '@tessera/tensor';
import { erf } from './erf.js';
import { sigmoid } from './sigmoid.js';

/**
 * Elementwise unary ops. Output dtype = input dtype, except `logicalNot` (bool).
 *
 * int32: neg, abs, sign, square, floor, ceil, round and relu are exact integer ops (square and
 * neg wrap like int32). Other ops are computed in floating point and stored truncated toward
 * zero (an Int32Array store; NaN and infinities become 0). bool: the result is stored as
 * `value != 0` (NaN counts as true).
 */
export function unary(op: UnaryOp, x: TypedArray, dtype: DType, size: number): TypedArray {
  if (op === 'logicalNot') {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = x[i] === 0 ? 1 : 0;
    return out;
  }
  if (dtype === 'int32' && INT_EXACT_OPS.has(op)) {
    const out = new Int32Array(size);
    unaryInt(op, x, out, size);
    return out;
  }
  if (dtype === 'bool') {
    const values = new Float32Array(size);
    unaryFloat(op, x, values, size);
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = values[i] !== 0 ? 1 : 0;
    return out;
  }
  const out = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  unaryFloat(op, x, out, size);
  return out;
}

const INT_EXACT_OPS: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['neg', 'abs', 'sign', 'square', 'floor', 'ceil', 'round', 'relu']);

/** Round half to even, as torch.round and tf.round do (Math.round rounds halves up). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function unaryFloat(op: UnaryOp, x: TypedArray, out: TypedArray, n: number): void {
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]; return;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]); return;
    case 'sign': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? 1 : v < 0 ? -1 : v; } return;
    case 'square': for (let i = 0; i < n; i++) out[i] = x[i] * x[i]; return;
    case 'reciprocal': for (let i = 0; i < n; i++) out[i] = 1 / x[i]; return;
    case 'exp': for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]); return;
    case 'expm1': for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]); return;
    case 'log': for (let i = 0; i < n; i++) out[i] = Math.log(x[i]); return;
    case 'log1p': for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]); return;
    case 'sqrt': for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]); return;
    case 'rsqrt': for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]); return;
    case 'sin': for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]); return;
    case 'cos': for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]); return;
    case 'tanh': for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]); return;
    case 'sigmoid': for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]); return;
    case 'erf': for (let i = 0; i < n; i++) out[i] = erf(x[i]); return;
    case 'floor': for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]); return;
    case 'ceil': for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]); return;
    case 'round': for (let i = 0; i < n; i++) out[i] = roundHalfEven(x[i]); return;
    // `v < 0 ? 0 : v` rather than Math.max(v, 0) keeps NaN, as torch.relu does.
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v < 0 ? 0 : v; } return;
    case 'logicalNot': for (let i = 0; i < n; i++) out[i] = x[i] === 0 ? 1 : 0; return;
  }
}

/** The ops of INT_EXACT_OPS on int32. */
function unaryInt(op: UnaryOp, x: TypedArray, out: Int32Array, n: number): void {
  // Int32Array stores wrap modulo 2^32, so -(-2^31) and |-2^31| wrap like int32 arithmetic.
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]; return;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]); return;
    case 'sign': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v > 0 ? 1 : v < 0 ? -1 : 0; } return;
    case 'square': for (let i = 0; i < n; i++) out[i] = Math.imul(x[i], x[i]); return;
    case 'floor': case 'ceil': case 'round': for (let i = 0; i < n; i++) out[i] = x[i]; return;
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]; out[i] = v < 0 ? 0 : v; } return;
    default: throw new TesseraError('unary', `${op} has no int32 kernel`);
  }
}
