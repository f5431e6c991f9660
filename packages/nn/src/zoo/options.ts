import { fail } from '@tessera/tensor';
import type { ActivationIdentifier } from '../activations.js';

/** Options every zoo model takes. */
export interface ZooOptions {
  /** One sample's shape, NHWC without the batch axis. */
  readonly inputShape?: readonly [number, number, number];
  /** Output units (classes). */
  readonly numClasses?: number;
  /** Activation of the output: 'softmax' (default) or 'linear' for logits. */
  readonly outputActivation?: ActivationIdentifier;
  /** Model name (default: the architecture's). */
  readonly name?: string;
}

export function checkImageShape(op: string, shape: readonly number[]): [number, number, number] {
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    fail(op, `inputShape must be [height, width, channels] of positive integers, got ${JSON.stringify(shape)}`);
  }
  return [shape[0], shape[1], shape[2]];
}

export function checkClasses(op: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) fail(op, `numClasses must be a positive integer, got ${JSON.stringify(n)}`);
  return n;
}
