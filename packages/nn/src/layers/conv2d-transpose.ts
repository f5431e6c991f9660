import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import type { CallOptions, LayerArgs, LayerInput } from '../engine/layer.js';
import { oneInput } from '../engine/layer.js';
import { positiveInt, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import { ConvLayer } from './conv-layer.js';
import { KERNEL_DEFAULTS } from './kernel-layer.js';

export const CONV2D_TRANSPOSE_DEFAULTS = {
  /** Upsampling factor: a number or [height, width]. */
  strides: 1 as number | readonly [number, number],
  /** 'same' gives `in * stride`; 'valid' gives `in * stride + max(kernel - stride, 0)` (Keras). */
  padding: 'valid' as 'same' | 'valid',
  /** The kernel is `[kh, kw, filters, in]` (tf.nn.conv2d_transpose layout). */
  ...KERNEL_DEFAULTS,
};

export interface Conv2DTransposeConfig extends LayerArgs, Partial<typeof CONV2D_TRANSPOSE_DEFAULTS> {
  /** Output channels (required). */
  readonly filters: number;
  readonly kernelSize: number | readonly [number, number];
}

/**
 * Transposed convolution (learned upsampling, the gradient of conv2d with respect to its input),
 * as in U-Net decoders.
 *
 * ```ts
 * conv2dTranspose({ filters: 16, kernelSize: 2, strides: 2, padding: 'same' }).apply(x); // 2x larger
 * ```
 */
export class Conv2DTranspose extends ConvLayer<typeof CONV2D_TRANSPOSE_DEFAULTS & Conv2DTransposeConfig> {
  readonly className = 'Conv2DTranspose';
  kernel: LayerWeight | null = null;

  constructor(config: Conv2DTransposeConfig) {
    super('Conv2DTranspose', CONV2D_TRANSPOSE_DEFAULTS, config, ['filters'], ['kernel', 'bias'], { dilation: false, explicitPadding: false });
    positiveInt(this.label, 'filters', this.config.filters);
  }

  private outSize(n: number | null, axis: 0 | 1): number | null {
    if (n === null) return null;
    const k = this.kernelSize[axis], s = this.strides[axis];
    return this.padding === 'same' ? n * s : n * s + Math.max(k - s, 0);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = this.nhwc(inputShape, true), inC = shape[3]!;
    this.kernel = this.configuredWeight('kernel', 'kernel', [...this.kernelSize, this.config.filters, inC]);
    this.addBias(this.config.filters);
    this.finishBuild(inputShape, inC);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = this.nhwc(inputShape, false);
    return [shape[0], this.outSize(shape[1], 0), this.outSize(shape[2], 1), this.config.filters];
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return T.tidy(() => {
      const target = [x.shape[0], this.outSize(x.shape[1], 0)!, this.outSize(x.shape[2], 1)!, this.config.filters];
      return this.biasAndActivation(T.conv2dTranspose(x, this.kernel!.value, target, { strides: this.strides, padding: this.padding as 'same' | 'valid' }));
    });
  }

  override getConfig(): Record<string, unknown> {
    return this.convOptions({ filters: this.config.filters });
  }
}

export function conv2dTranspose(config: Conv2DTransposeConfig): Conv2DTranspose {
  return new Conv2DTranspose(config);
}
