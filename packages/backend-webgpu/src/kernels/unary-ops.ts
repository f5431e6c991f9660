import type { DType, UnaryOp } from '@tessera/tensor';
import { ERF_WGSL } from './erf.js';

/**
 * Float helpers that builtins do not cover with the accuracy or edge cases the contract asks
 * for: round is half-to-even, sigmoid never overflows, tanh saturates instead of producing
 * inf/inf, and expm1/log1p keep their relative accuracy near zero through short series (GPU
 * log and exp are only accurate in absolute terms near 1, so `exp(x) - 1` would not do).
 */
export const FLOAT_HELPERS = `${ERF_WGSL}
fn round_even(x: f32) -> f32 {
  let r = floor(x + 0.5);
  if (r - x == 0.5 && (r * 0.5) != floor(r * 0.5)) { return r - 1.0; }
  return r;
}
fn sigmoid_(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}
fn tanh_(x: f32) -> f32 {
  if (abs(x) > 9.0) { return sign(x); }
  if (abs(x) < 0.0004) { return x; }
  let e = expm1_(-2.0 * abs(x));
  return -sign(x) * e / (2.0 + e);
}
fn expm1_(x: f32) -> f32 {
  if (abs(x) < 0.1) {
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0 + x * (1.0 / 5040.0)))))));
  }
  return exp(x) - 1.0;
}
fn log1p_(x: f32) -> f32 {
  if (abs(x) < 0.25) {
    let s = x / (2.0 + x);
    let s2 = s * s;
    return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0)))));
  }
  return log_(1.0 + x);
}
fn log_(x: f32) -> f32 {
  if (x == 0.0) { return -f32_inf(); }
  if (x < 0.0) { return f32_nan(); }
  return log(x);
}
fn sqrt_(x: f32) -> f32 {
  if (x < 0.0) { return f32_nan(); }
  return sqrt(x);
}`;

const FLOAT: Record<Exclude<UnaryOp, 'logicalNot'>, string> = {
  neg: '-x', abs: 'abs(x)', sign: 'select(sign(x), x, isnan_(x))', square: 'x * x', reciprocal: '1.0 / x',
  exp: 'exp(x)', expm1: 'expm1_(x)', log: 'log_(x)', log1p: 'log1p_(x)', sqrt: 'sqrt_(x)',
  rsqrt: '1.0 / sqrt_(x)', sin: 'sin(x)', cos: 'cos(x)', tanh: 'tanh_(x)', sigmoid: 'sigmoid_(x)',
  erf: 'erf_(x)', floor: 'floor(x)', ceil: 'ceil(x)', round: 'round_even(x)', relu: 'select(x, 0.0, x < 0.0)',
};

/** Integer-exact ops on i32 (wrapping, as int32 arithmetic does). */
const INT: Partial<Record<UnaryOp, string>> = {
  neg: '-x', abs: 'select(x, -x, x < 0)', sign: 'sign(x)', square: 'x * x', relu: 'max(x, 0)',
  floor: 'x', ceil: 'x', round: 'x',
  reciprocal: 'select(select(0, x, x == 1 || x == -1), 0, x == 0)',
};

/**
 * WGSL function `fn op_(x: T) -> R` computing `op` for the dtype's storage type T. Integer ops
 * without an exact integer form are computed in f32 and truncated back (NaN gives 0).
 */
export function unaryFunction(op: UnaryOp, dtype: DType): string {
  const t = dtype === 'float32' ? 'f32' : dtype === 'int32' ? 'i32' : 'u32';
  if (op === 'logicalNot') {
    const zero = dtype === 'float32' ? '0.0' : dtype === 'int32' ? '0' : '0u';
    return `fn op_(x: ${t}) -> u32 { return u32(x == ${zero}); }`;
  }
  if (dtype === 'float32') return `fn op_(x: f32) -> f32 { return ${FLOAT[op]}; }`;
  const direct = INT[op];
  const intBody = direct
    ? `return ${direct};`
    : `let r = fop_(f32(x));
  if (isnan_(r)) { return 0; }
  return i32(clamp(trunc(r), -2147483648.0, 2147483520.0));`;
  const intFn = `fn fop_(x: f32) -> f32 { return ${FLOAT[op]}; }
fn iop_(x: i32) -> i32 { ${intBody} }`;
  if (dtype === 'int32') return `${intFn}\nfn op_(x: i32) -> i32 { return iop_(x); }`;
  return `${intFn}\nfn op_(x: u32) -> u32 { return u32(iop_(i32(x)) != 0); }`;
}
