import { input } from '../engine/input-layer.js';
import type { SymbolicTensor } from '../engine/symbolic.js';
import { activation } from '../layers/activation.js';
import { add } from '../layers/add.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { conv2d } from '../layers/conv2d.js';
import { dense } from '../layers/dense.js';
import { globalAveragePooling2d } from '../layers/global-average-pooling2d.js';
import { maxPool2d } from '../layers/max-pool2d.js';
import { model, type Functional } from '../models/functional.js';
import { checkClasses, checkImageShape, type ZooOptions } from './options.js';
import { fail } from '@tessera/tensor';

export interface ResNetOptions extends ZooOptions {
  /** Filters of the stem and first stage (64 in the paper); stages double it. Small values give small test variants. */
  readonly baseFilters?: number;
  /** Basic blocks per stage ([2, 2, 2, 2] for ResNet-18). */
  readonly blocks?: readonly number[];
  /** Include global average pooling and the dense classifier. */
  readonly includeTop?: boolean;
}

// PyTorch's batch norm: momentum 0.1 (Keras 0.9) and epsilon 1e-5.
const bn = (name: string) => batchNormalization({ momentum: 0.9, epsilon: 1e-5, name });

/** torchvision's BasicBlock: two 3x3 convs (padding 1) with batch norm, plus a shortcut. */
function basicBlock(x: SymbolicTensor, filters: number, stride: number, name: string): SymbolicTensor {
  let h = conv2d({ filters, kernelSize: 3, strides: stride, padding: 1, useBias: false, name: `${name}_conv1` }).apply(x);
  h = bn(`${name}_bn1`).apply(h);
  h = activation({ activation: 'relu', name: `${name}_relu1` }).apply(h);
  h = conv2d({ filters, kernelSize: 3, padding: 1, useBias: false, name: `${name}_conv2` }).apply(h);
  h = bn(`${name}_bn2`).apply(h);
  let shortcut = x;
  if (stride !== 1 || x.shape[3] !== filters) {
    shortcut = conv2d({ filters, kernelSize: 1, strides: stride, useBias: false, name: `${name}_downsample_conv` }).apply(x);
    shortcut = bn(`${name}_downsample_bn`).apply(shortcut);
  }
  return activation({ activation: 'relu', name: `${name}_relu2` }).apply(add({ name: `${name}_add` }).apply([h, shortcut]));
}

/**
 * ResNet-18 in torchvision's layout: 7x7/2 stem (padding 3, no bias) with batch norm and a
 * 3x3/2 max pool (padding 1), four stages of two basic blocks (64, 128, 256, 512 filters; 1x1
 * strided projections where the shape changes), global average pooling and a dense classifier
 * — 11,689,512 trainable parameters at 1000 classes. Layer names carry a `prefix` (the model
 * name) so two ResNets can live in one process.
 *
 * ```ts
 * const net = resnet18({ inputShape: [32, 32, 3], numClasses: 10, baseFilters: 16 });
 * ```
 */
export function resnet18(options: ResNetOptions = {}): Functional {
  const op = 'resnet18';
  const inputShape = checkImageShape(op, options.inputShape ?? [224, 224, 3]);
  const numClasses = checkClasses(op, options.numClasses ?? 1000);
  const base = options.baseFilters ?? 64;
  if (!Number.isInteger(base) || base < 1) fail(op, `baseFilters must be a positive integer, got ${base}`);
  const blocks = options.blocks ?? [2, 2, 2, 2];
  const name = options.name ?? 'resnet18';
  const p = (s: string) => `${name}_${s}`;
  const x = input({ shape: inputShape, name: p('input') });
  let h = conv2d({ filters: base, kernelSize: 7, strides: 2, padding: 3, useBias: false, name: p('conv1') }).apply(x);
  h = bn(p('bn1')).apply(h);
  h = activation({ activation: 'relu', name: p('relu') }).apply(h);
  h = maxPool2d({ poolSize: 3, strides: 2, padding: 1, name: p('maxpool') }).apply(h);
  blocks.forEach((count, stage) => {
    const filters = base * 2 ** stage;
    for (let b = 0; b < count; b++) {
      h = basicBlock(h, filters, stage > 0 && b === 0 ? 2 : 1, p(`layer${stage + 1}_${b}`));
    }
  });
  if (options.includeTop ?? true) {
    h = globalAveragePooling2d({ name: p('avgpool') }).apply(h);
    h = dense({ units: numClasses, activation: options.outputActivation ?? 'softmax', name: p('fc') }).apply(h);
  }
  return model({ inputs: x, outputs: h, name });
}
