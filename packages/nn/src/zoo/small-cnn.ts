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

/**
 * A multilayer perceptron on flattened images: dense `hidden[i]` relu layers, then dense
 * `numClasses`. The default 784-256-128-10 has 235,146 parameters at 28x28x1.
 */
export function mlp(options: ZooOptions & { readonly hidden?: readonly number[] } = {}): Sequential {
  const op = 'mlp';
  const inputShape = checkImageShape(op, options.inputShape ?? [28, 28, 1]);
  const numClasses = checkClasses(op, options.numClasses ?? 10);
  const hidden = options.hidden ?? [256, 128];
  return sequential({
    name: options.name ?? 'mlp',
    layers: [
      flatten({ inputShape }),
      ...hidden.map((units) => dense({ units, activation: 'relu' })),
      dense({ units: numClasses, activation: options.outputActivation ?? 'softmax' }),
    ],
  });
}
