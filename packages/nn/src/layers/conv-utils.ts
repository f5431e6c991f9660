import { fail } from '@tessera/tensor';
import { fmt, type Shape } from '../engine/shape.js';

/**
 * 'same' / 'valid' (TensorFlow semantics: 'same' gives ceil(in / stride), the odd padding pixel
 * at the bottom/right), or explicit padding as in PyTorch: one amount for all sides, or
 * `[[top, bottom], [left, right]]`.
 */
export type ConvPadding = 'same' | 'valid' | number | readonly [readonly [number, number], readonly [number, number]];

export function checkPadding(op: string, padding: unknown, explicitAllowed = true): ConvPadding {
  if (padding === 'same' || padding === 'valid') return padding;
  if (explicitAllowed) {
    if (typeof padding === 'number' && Number.isInteger(padding) && padding >= 0) return padding;
    if (Array.isArray(padding) && padding.length === 2 && padding.every((p) => Array.isArray(p) && p.length === 2
      && p.every((v) => Number.isInteger(v) && v >= 0))) {
      return padding as unknown as ConvPadding;
    }
  }
  const allowed = explicitAllowed ? "'same', 'valid', an integer or [[top, bottom], [left, right]]" : "'same' or 'valid'";
  return fail(op, `padding must be ${allowed}, got ${JSON.stringify(padding)}`);
}

function padSum(padding: ConvPadding, axis: 0 | 1): number {
  if (typeof padding === 'number') return 2 * padding;
  if (Array.isArray(padding)) return padding[axis][0] + padding[axis][1];
  return 0;
}

/** Output size of a windowed op along one spatial axis; null stays null. */
export function windowOutputSize(op: string, inputShape: Shape, axis: 0 | 1, size: number, stride: number, dilation: number,
  padding: ConvPadding): number | null {
  const n = inputShape[1 + axis];
  if (n === null) return null;
  if (padding === 'same') return Math.ceil(n / stride);
  const effective = (size - 1) * dilation + 1;
  const out = Math.floor((n + padSum(padding, axis) - effective) / stride) + 1;
  if (out <= 0) {
    fail(op, `the ${axis === 0 ? 'height' : 'width'} window ${effective} is larger than the padded input (input shape ${fmt(inputShape)})`);
  }
  return out;
}

export function checkStridesDilation(op: string, strides: readonly [number, number], dilation: readonly [number, number]): void {
  if ((strides[0] > 1 || strides[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
    fail(op, `strides ${JSON.stringify(strides)} > 1 together with dilationRate ${JSON.stringify(dilation)} > 1 is not supported`);
  }
}

export function serializePadding(padding: ConvPadding): unknown {
  return Array.isArray(padding) ? padding.map((p) => [...p]) : padding;
}
