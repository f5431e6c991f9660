import type { ActivationIdentifier } from '../activations.js';
import { avgPool2d } from '../layers/avg-pool2d.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { flatten } from '../layers/flatten.js';
import { maxPool2d } from '../layers/max-pool2d.js';
import { sequential, type Sequential } from '../models/sequential.js';
import { checkClasses, checkImageShape, type ZooOptions } from './options.js';

export interface LeNet5Options extends ZooOptions {
  /** Hidden activation: 'tanh' as in the 1998 paper (default), or e.g. 'relu'. */
  readonly activation?: ActivationIdentifier;
  /** Subsampling: 'avg' as in the paper (default) or 'max'. */
  readonly pooling?: 'avg' | 'max';
}

/**
 * LeNet-5 (LeCun et al. 1998) on 32x32 inputs: C1 conv 5x5x6, S2 pool, C3 conv 5x5x16, S4 pool,
 * C5 120, F6 84, output 10 — 61,706 parameters. Inputs smaller than 32 (MNIST's 28x28) pad
 * C1 with 'same' so every later shape, and the parameter count, is the classic one.
 *
 * ```ts
 * const net = lenet5({ inputShape: [28, 28, 1], activation: 'relu' });
 * ```
 */
export function lenet5(options: LeNet5Options = {}): Sequential {
  const op = 'lenet5';
  const inputShape = checkImageShape(op, options.inputShape ?? [32, 32, 1]);
  const numClasses = checkClasses(op, options.numClasses ?? 10);
  const act = options.activation ?? 'tanh';
  const pool = () => (options.pooling === 'max' ? maxPool2d({ poolSize: 2 }) : avgPool2d({ poolSize: 2 }));
  return sequential({
    name: options.name,
    layers: [
      conv2d({ filters: 6, kernelSize: 5, activation: act, padding: inputShape[0] < 32 ? 'same' : 'valid', inputShape }),
      pool(),
      conv2d({ filters: 16, kernelSize: 5, activation: act }),
      pool(),
      flatten(),
      dense({ units: 120, activation: act }),
      dense({ units: 84, activation: act }),
      dense({ units: numClasses, activation: options.outputActivation ?? 'softmax' }),
    ],
  });
}
