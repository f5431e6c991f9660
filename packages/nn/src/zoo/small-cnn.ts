import { fail } from '@tessera/tensor';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { flatten } from '../layers/flatten.js';
import { maxPool2d } from '../layers/max-pool2d.js';
import { sequential, type Sequential } from '../models/sequential.js';
import { checkClasses, checkImageShape, type ZooOptions } from './options.js';

/**
 * The small CNN of the Fashion-MNIST benchmarks (the Keras example): conv 3x3 32 relu, max pool 2,
 * conv 3x3 64 relu, max pool 2, flatten, dense 128 relu, dropout 0.5, dense `numClasses`; 'valid'
 * padding. 225,034 parameters at 28x28x1.
 *
 * ```ts
 * const net = smallCnn({ inputShape: [28, 28, 1] });
 * ```
 */
export function smallCnn(options: ZooOptions & { readonly dropout?: number } = {}): Sequential {
  const op = 'smallCnn';
  const inputShape = checkImageShape(op, options.inputShape ?? [28, 28, 1]);
  const numClasses = checkClasses(op, options.numClasses ?? 10);
  return sequential({
    name: options.name ?? 'small_cnn',
    layers: [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'valid', inputShape }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'valid' }),
      maxPool2d({ poolSize: 2 }),
      flatten(),
      dense({ units: 128, activation: 'relu' }),
      dropout({ rate: options.dropout ?? 0.5 }),
      dense({ units: numClasses, activation: options.outputActivation ?? 'softmax' }),
    ],
  });
}

export interface MlpOptions extends Omit<ZooOptions, 'inputShape'> {
  /** One sample's shape, any rank (images are flattened first); default [28, 28, 1]. */
  readonly inputShape?: readonly number[];
  /** Units of the relu hidden layers; default [256, 128]. */
  readonly hidden?: readonly number[];
}

/**
 * A multilayer perceptron: flatten (for samples of rank > 1), dense `hidden[i]` relu layers, then
 * dense `numClasses`. The default 784-256-128-10 has 235,146 parameters at 28x28x1.
 */
export function mlp(options: MlpOptions = {}): Sequential {
  const op = 'mlp';
  const inputShape = [...(options.inputShape ?? [28, 28, 1])];
  if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    fail(op, `inputShape must hold positive integers, got ${JSON.stringify(options.inputShape)}`);
  }
  const numClasses = checkClasses(op, options.numClasses ?? 10);
  const hidden = options.hidden ?? [256, 128];
  const units = [...hidden, numClasses];
  const activations = [...hidden.map(() => 'relu' as const), options.outputActivation ?? 'softmax'];
  const head = inputShape.length > 1 ? [flatten({ inputShape })] : [];
  return sequential({
    name: options.name ?? 'mlp',
    layers: [
      ...head,
      ...units.map((u, i) => dense({ units: u, activation: activations[i], ...(i === 0 && head.length === 0 ? { inputShape } : {}) })),
    ],
  });
}
