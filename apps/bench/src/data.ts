/** Deterministic inputs, identical for every adapter: uniform in [-1, 1) from a 32-bit LCG. */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Output height/width of a 'same' convolution or a 'valid' pool. */
export const sameOut = (x: number, stride: number): number => Math.ceil(x / stride);
