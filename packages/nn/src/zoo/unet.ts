import { fail } from '@tessera/tensor';
import { input } from '../engine/input-layer.js';
import type { SymbolicTensor } from '../engine/symbolic.js';
import { concatenate } from '../layers/concatenate.js';
import { conv2d } from '../layers/conv2d.js';
import { conv2dTranspose } from '../layers/conv2d-transpose.js';
import { maxPool2d } from '../layers/max-pool2d.js';
import { model, type Functional } from '../models/functional.js';
import { checkClasses, checkImageShape, type ZooOptions } from './options.js';

export interface UNetOptions extends ZooOptions {
  /** Filters of the first level; each level down doubles them. */
  readonly filters?: number;
  /** Number of down/up-sampling levels; height and width must divide by 2^depth. */
  readonly depth?: number;
}

/**
 * A small U-Net (Ronneberger et al. 2015) for segmentation: an encoder of conv pairs and max
 * pools, a bottleneck, and a decoder of 2x transposed convolutions concatenated with the
 * encoder's skip connections. Outputs per-pixel class scores `[H, W, numClasses]`: sigmoid for
 * one class (a mask), softmax otherwise.
 *
 * ```ts
 * const net = unetSmall({ inputShape: [32, 32, 1], numClasses: 1, filters: 8, depth: 2 });
 * ```
 */
export function unetSmall(options: UNetOptions = {}): Functional {
  const op = 'unetSmall';
  const inputShape = checkImageShape(op, options.inputShape ?? [32, 32, 1]);
  const numClasses = checkClasses(op, options.numClasses ?? 1);
  const base = options.filters ?? 8;
  const depth = options.depth ?? 2;
  if (!Number.isInteger(depth) || depth < 1) fail(op, `depth must be a positive integer, got ${depth}`);
  const scale = 2 ** depth;
  if (inputShape[0] % scale !== 0 || inputShape[1] % scale !== 0) {
    fail(op, `input height and width must be multiples of 2^depth = ${scale}, got ${JSON.stringify(inputShape)}`);
  }
  const name = options.name ?? 'unet';
  const p = (s: string) => `${name}_${s}`;
  const pair = (t: SymbolicTensor, filters: number, tag: string) => {
    const a = conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', name: p(`${tag}_conv1`) }).apply(t);
    return conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', name: p(`${tag}_conv2`) }).apply(a);
  };
  const x = input({ shape: inputShape, name: p('input') });
  const skips: SymbolicTensor[] = [];
  let h = x;
  for (let level = 0; level < depth; level++) {
    h = pair(h, base * 2 ** level, `down${level + 1}`);
    skips.push(h);
    h = maxPool2d({ poolSize: 2, name: p(`pool${level + 1}`) }).apply(h);
  }
  h = pair(h, base * 2 ** depth, 'bottleneck');
  for (let level = depth - 1; level >= 0; level--) {
    const filters = base * 2 ** level;
    const up = conv2dTranspose({ filters, kernelSize: 2, strides: 2, padding: 'same', name: p(`up${level + 1}`) }).apply(h);
    h = concatenate({ name: p(`concat${level + 1}`) }).apply([up, skips[level]]);
    h = pair(h, filters, `dec${level + 1}`);
  }
  const out = options.outputActivation ?? (numClasses === 1 ? 'sigmoid' : 'softmax');
  h = conv2d({ filters: numClasses, kernelSize: 1, activation: out, name: p('head') }).apply(h);
  return model({ inputs: x, outputs: h, name });
}
