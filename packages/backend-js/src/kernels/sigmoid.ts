/** 1 / (1 + e^-v), taking exp of a non-positive argument only so neither branch overflows. */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}
