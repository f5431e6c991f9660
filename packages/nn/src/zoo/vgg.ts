import { fail } from '@tessera/tensor';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { flatten } from '../layers/flatten.js';
import { maxPool2d } from '../layers/max-pool2d.js';
import type { Layer } from '../engine/layer.js';
import { sequential, type Sequential } from '../models/sequential.js';
import { checkClasses, checkImageShape, type ZooOptions } from './options.js';

export interface VggOptions extends ZooOptions {
  /** Filters of each block; every block is `convsPerBlock[i]` 3x3 'same' relu convs then a 2x2 max pool. */
  readonly blocks?: readonly number[];
  readonly convsPerBlock?: number | readonly number[];
  /** Units of the hidden dense layers of the classifier. */
  readonly dense?: readonly number[];
  /** Dropout after each hidden dense layer (0 for none). */
  readonly dropout?: number;
  /** Include the flatten + dense classifier (false ends at the last pool). */
  readonly includeTop?: boolean;
}

/** The general VGG stack: blocks of 3x3 convolutions and max pools, then a dense classifier. */
export function vgg(options: VggOptions = {}, defaults: Required<Pick<VggOptions, 'blocks' | 'convsPerBlock' | 'dense' | 'dropout' | 'inputShape' | 'numClasses'>>, op = 'vgg'): Sequential {
  const inputShape = checkImageShape(op, options.inputShape ?? defaults.inputShape);
  const numClasses = checkClasses(op, options.numClasses ?? defaults.numClasses);
  const blocks = options.blocks ?? defaults.blocks;
  const perBlock = options.convsPerBlock ?? defaults.convsPerBlock;
  const convs = typeof perBlock === 'number' ? blocks.map(() => perBlock) : perBlock;
  if (convs.length !== blocks.length) fail(op, `convsPerBlock has ${convs.length} entries for ${blocks.length} blocks`);
  const layers: Layer[] = [];
  blocks.forEach((filters, b) => {
    for (let i = 0; i < convs[b]; i++) {
      layers.push(conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...(layers.length === 0 ? { inputShape } : {}) }));
    }
    layers.push(maxPool2d({ poolSize: 2 }));
  });
  if (options.includeTop ?? true) {
    layers.push(flatten());
    const rate = options.dropout ?? defaults.dropout;
    for (const units of options.dense ?? defaults.dense) {
      layers.push(dense({ units, activation: 'relu' }));
      if (rate > 0) layers.push(dropout({ rate }));
    }
    layers.push(dense({ units: numClasses, activation: options.outputActivation ?? 'softmax' }));
  }
  return sequential({ name: options.name, layers });
}

/**
 * A small VGG-style network for 32x32 images: two blocks (32 and 64 filters) of two 3x3 convs
 * with max pooling, then dense 128 with dropout 0.5.
 *
 * ```ts
 * const net = vggSmall({ inputShape: [32, 32, 3], numClasses: 10 });
 * ```
 */
export function vggSmall(options: VggOptions = {}): Sequential {
  return vgg(options, { blocks: [32, 64], convsPerBlock: 2, dense: [128], dropout: 0.5, inputShape: [32, 32, 3], numClasses: 10 }, 'vggSmall');
}

/**
 * VGG16 (Simonyan & Zisserman 2014, configuration D): 13 3x3 convolutions in five blocks, then
 * two dense 4096 layers — 138,357,544 parameters with the 1000-class top at 224x224.
 * Weights are allocated on first use, so building it to count parameters is cheap.
 */
export function vgg16(options: VggOptions = {}): Sequential {
  return vgg(options, {
    blocks: [64, 128, 256, 512, 512], convsPerBlock: [2, 2, 3, 3, 3], dense: [4096, 4096], dropout: 0,
    inputShape: [224, 224, 3], numClasses: 1000,
  }, 'vgg16');
}
