import type { BinaryOp, DType } from '@tessera/tensor';

/**
 * pow for f32 with the cases the builtin leaves undefined: negative bases with integer
 * exponents, zero bases, and exact small integer powers by repeated squaring.
 */
const POW_F32 = `
fn pow_(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (isnan_(a) || isnan_(b)) { return f32_nan(); }
  let isInt = floor(b) == b;
  if (isInt && abs(b) <= 64.0) {
    var e = u32(abs(b)); var base = a; var r = 1.0;
    loop { if (e == 0u) { break; } if ((e & 1u) == 1u) { r = r * base; } base = base * base; e = e >> 1u; }
    return select(r, 1.0 / r, b < 0.0);
  }
  if (a == 0.0) { return select(0.0, f32_inf(), b < 0.0); }
  if (a < 0.0) {
    if (!isInt) { return f32_nan(); }
    let r = exp2(b * log2(-a));
    return select(r, -r, floor(b * 0.5) * 2.0 != b);
  }
  return exp2(b * log2(a));
}`;

const IDIV = `
fn idiv_(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  let q = a / b;
  return select(q, q - 1, (a % b != 0) && ((a < 0) != (b < 0)));
}`;

/** Integer power with int32 wrap-around; negative exponents truncate 1/a^n toward zero. */
const POW_I32 = `
fn ipow_(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) == 1); }
    return 0;
  }
  var e = u32(b); var base = a; var r = 1;
  loop { if (e == 0u) { break; } if ((e & 1u) == 1u) { r = r * base; } base = base * base; e = e >> 1u; }
  return r;
}`;

/** NaN is unequal to everything and truthy; CPU compilers use ordered compares, hence isnan_. */
const FLOAT: Record<BinaryOp, string> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'a / b', pow: 'pow_(a, b)',
  maximum: 'select(select(max(a, b), b, isnan_(b)), a, isnan_(a))',
  minimum: 'select(select(min(a, b), b, isnan_(b)), a, isnan_(a))',
  equal: 'a == b', notEqual: '(a != b || isnan_(a) || isnan_(b))', less: 'a < b', lessEqual: 'a <= b',
  greater: 'a > b', greaterEqual: 'a >= b',
  logicalAnd: '(a != 0.0 || isnan_(a)) && (b != 0.0 || isnan_(b))',
  logicalOr: '(a != 0.0 || isnan_(a)) || (b != 0.0 || isnan_(b))',
};

/**
 * int32 arithmetic wraps; division is floor division with 0 for a zero divisor (as the JS
 * backend; the core itself only sends float32 to div).
 */
const INT: Record<BinaryOp, string> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'idiv_(a, b)', pow: 'ipow_(a, b)',
  maximum: 'max(a, b)', minimum: 'min(a, b)',
  equal: 'a == b', notEqual: 'a != b', less: 'a < b', lessEqual: 'a <= b', greater: 'a > b',
  greaterEqual: 'a >= b', logicalAnd: '(a != 0) && (b != 0)', logicalOr: '(a != 0) || (b != 0)',
};

export function isComparison(op: BinaryOp): boolean {
  return !['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'].includes(op);
}

/** WGSL `fn op_(a: T, b: T) -> R` for operands stored as `dtype`. */
export function binaryFunction(op: BinaryOp, dtype: DType): string {
  if (dtype === 'float32') {
    const r = isComparison(op) ? `u32(${FLOAT[op]})` : FLOAT[op];
    return `${POW_F32}\nfn op_(a: f32, b: f32) -> ${isComparison(op) ? 'u32' : 'f32'} { return ${r}; }`;
  }
  if (dtype === 'int32') {
    const r = isComparison(op) ? `u32(${INT[op]})` : INT[op];
    return `${POW_I32}\n${IDIV}\nfn op_(a: i32, b: i32) -> ${isComparison(op) ? 'u32' : 'i32'} { return ${r}; }`;
  }
  // bool operands: compute as integers; arithmetic results are squashed back to 0/1.
  const r = isComparison(op) ? `u32(${INT[op]})` : `u32((${INT[op]}) != 0)`;
  return `${POW_I32}\n${IDIV}\nfn op_(ua: u32, ub: u32) -> u32 { let a = i32(ua); let b = i32(ub); return ${r}; }`;
}
