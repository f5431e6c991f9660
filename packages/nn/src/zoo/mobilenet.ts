import { fail } from '@tessera/tensor';
import { input } from '../engine/input-layer.js';
import type { SymbolicTensor } from '../engine/symbolic.js';
import { activation } from '../layers/activation.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { conv2d } from '../layers/conv2d.js';
import { depthwiseConv2d } from '../layers/depthwise-conv2d.js';
import { dropout } from '../layers/dropout.js';
import { globalAveragePooling2d } from '../layers/global-average-pooling2d.js';
import { reshape } from '../layers/reshape.js';
import { zeroPadding2d } from '../layers/zero-padding2d.js';
import { model, type Functional } from '../models/functional.js';
import { checkClasses, checkImageShape, type ZooOptions } from './options.js';

export interface MobileNetOptions extends ZooOptions {
  /** Width multiplier: every layer has `floor(filters * alpha)` filters (1.0, 0.75, 0.5, 0.25). */
  readonly alpha?: number;
  /** Resolution multiplier rho: the input is `round(224 * rho)` square (ignored when inputShape is given). */
  readonly resolutionMultiplier?: number;
  /** Depthwise channel multiplier. */
  readonly depthMultiplier?: number;
  /** Dropout rate before the classifier (Keras: 1e-3). */
  readonly dropout?: number;
  readonly includeTop?: boolean;
}

/** Pointwise filters and strides of the 13 depthwise-separable blocks. */
const BLOCKS: readonly (readonly [number, number])[] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2],
  [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
];

/**
 * MobileNet v1 (Howard et al. 2017) as in Keras Applications: a strided 3x3 conv, then 13
 * depthwise-separable blocks (3x3 depthwise + 1x1 pointwise, each with batch norm and ReLU6;
 * strided blocks pad bottom/right then use 'valid'), global average pooling, dropout and a 1x1
 * conv classifier. At alpha 1.0, 224x224 and 1000 classes: 4,231,976 trainable and 4,253,864
 * total parameters (the rest are batch-norm moving statistics).
 *
 * ```ts
 * const net = mobilenetV1({ alpha: 0.25, inputShape: [32, 32, 3], numClasses: 10 });
 * ```
 */
export function mobilenetV1(options: MobileNetOptions = {}): Functional {
  const op = 'mobilenetV1';
  const alpha = options.alpha ?? 1;
  if (!(alpha > 0)) fail(op, `alpha must be positive, got ${alpha}`);
  const rho = options.resolutionMultiplier ?? 1;
  if (!(rho > 0)) fail(op, `resolutionMultiplier must be positive, got ${rho}`);
  const side = Math.round(224 * rho);
  const inputShape = checkImageShape(op, options.inputShape ?? [side, side, 3]);
  const numClasses = checkClasses(op, options.numClasses ?? 1000);
  const depthMultiplier = options.depthMultiplier ?? 1;
  const name = options.name ?? 'mobilenet_v1';
  const p = (s: string) => `${name}_${s}`;
  const width = (f: number) => {
    const w = Math.floor(f * alpha);
    if (w < 1) fail(op, `alpha ${alpha} leaves ${f} filters with none`);
    return w;
  };

  const x = input({ shape: inputShape, name: p('input') });
  let h = conv2d({ filters: width(32), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: p('conv1') }).apply(x);
  h = batchNormalization({ name: p('conv1_bn') }).apply(h);
  h = activation({ activation: 'relu6', name: p('conv1_relu') }).apply(h);
  BLOCKS.forEach(([filters, stride], i) => {
    const id = i + 1;
    let t: SymbolicTensor = h;
    if (stride === 2) t = zeroPadding2d({ padding: [[0, 1], [0, 1]], name: p(`conv_pad_${id}`) }).apply(t);
    t = depthwiseConv2d({
      kernelSize: 3, strides: stride, padding: stride === 1 ? 'same' : 'valid', depthMultiplier, useBias: false, name: p(`conv_dw_${id}`),
    }).apply(t);
    t = batchNormalization({ name: p(`conv_dw_${id}_bn`) }).apply(t);
    t = activation({ activation: 'relu6', name: p(`conv_dw_${id}_relu`) }).apply(t);
    t = conv2d({ filters: width(filters), kernelSize: 1, padding: 'same', useBias: false, name: p(`conv_pw_${id}`) }).apply(t);
    t = batchNormalization({ name: p(`conv_pw_${id}_bn`) }).apply(t);
    h = activation({ activation: 'relu6', name: p(`conv_pw_${id}_relu`) }).apply(t);
  });
  if (options.includeTop ?? true) {
    h = globalAveragePooling2d({ keepDims: true, name: p('global_pool') }).apply(h);
    h = dropout({ rate: options.dropout ?? 1e-3, name: p('dropout') }).apply(h);
    h = conv2d({ filters: numClasses, kernelSize: 1, padding: 'same', name: p('conv_preds') }).apply(h);
    h = reshape({ targetShape: [numClasses], name: p('reshape') }).apply(h);
    h = activation({ activation: options.outputActivation ?? 'softmax', name: p('predictions') }).apply(h);
  }
  return model({ inputs: x, outputs: h, name });
}
