import { fail } from '@tessera/tensor';

/**
 * fan_in and fan_out of a weight shape as Keras and PyTorch compute them for our layouts:
 * dense `[in, out]`; conv HWIO `[kh, kw, in, out]` with receptive field kh*kw (the last two
 * axes are in and out, whatever the rank). Biases and other vectors use their length for both.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail('initializer', `invalid weight shape [${shape.join(',')}]`);
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptive = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return { fanIn: receptive * shape[shape.length - 2], fanOut: receptive * shape[shape.length - 1] };
}
