import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import type { CallOptions, LayerArgs, LayerInput } from '../engine/layer.js';
import { oneInput } from '../engine/layer.js';
import { positiveInt, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import type { ConvPadding } from './conv-utils.js';
import { ConvLayer } from './conv-layer.js';
import { KERNEL_DEFAULTS } from './kernel-layer.js';

export const CONV2D_DEFAULTS = {
  /** Step of the window: a number or [height, width]. */
  strides: 1 as number | readonly [number, number],
  /** 'valid', 'same' (TensorFlow), or explicit torch-style padding (see ConvPadding). */
  padding: 'valid' as ConvPadding,
  /** Spacing between kernel taps (atrous convolution); cannot combine with strides > 1. */
  dilationRate: 1 as number | readonly [number, number],
  /** The kernel is HWIO `[kh, kw, in, filters]`. */
  ...KERNEL_DEFAULTS,
};

export interface Conv2DConfig extends LayerArgs, Partial<typeof CONV2D_DEFAULTS> {
  /** Number of output channels (required). */
  readonly filters: number;
  /** Window size: a number or [height, width] (required). */
  readonly kernelSize: number | readonly [number, number];
}

/**
 * 2-D convolution over NHWC input with an HWIO kernel: `activation(conv2d(x, kernel) + bias)`.
 *
 * ```ts
 * conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(images);
 * ```
 */
export class Conv2D extends ConvLayer<typeof CONV2D_DEFAULTS & Conv2DConfig> {
  readonly className = 'Conv2D';
  kernel: LayerWeight | null = null;

  constructor(config: Conv2DConfig) {
    super('Conv2D', CONV2D_DEFAULTS, config, ['filters'], ['kernel', 'bias']);
    positiveInt(this.label, 'filters', this.config.filters);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = this.nhwc(inputShape, true), inC = shape[3]!;
    this.computeOutputShape(shape);
    this.kernel = this.configuredWeight('kernel', 'kernel', [...this.kernelSize, inC, this.config.filters]);
    this.addBias(this.config.filters);
    this.finishBuild(inputShape, inC);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    return this.windowedShape(this.nhwc(inputShape, false), this.config.filters);
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return T.tidy(() => {
      const fused = this.act.fused;
      const y = T.fusedConv2d(x, this.kernel!.value, {
        strides: this.strides, padding: this.padding, dilations: this.dilation,
        bias: this.bias?.value ?? null, activation: fused ?? 'linear',
      });
      return fused ? y : this.act.apply(y);
    });
  }

  override getConfig(): Record<string, unknown> {
    return this.convOptions({ filters: this.config.filters });
  }
}

export function conv2d(config: Conv2DConfig): Conv2D {
  return new Conv2D(config);
}
