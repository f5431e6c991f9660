import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { getActivation, serializeActivation, type Activation, type ActivationIdentifier } from '../activations.js';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, pair, positiveInt, single, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type RegularizerIdentifier } from '../regularizers.js';
import { checkPadding, checkStridesDilation, serializePadding, windowOutputSize, type ConvPadding } from './conv-utils.js';

export const CONV2D_DEFAULTS = {
  /** Step of the window: a number or [height, width]. */
  strides: 1 as number | readonly [number, number],
  /** 'valid', 'same' (TensorFlow), or explicit torch-style padding (see ConvPadding). */
  padding: 'valid' as ConvPadding,
  /** Spacing between kernel taps (atrous convolution); cannot combine with strides > 1. */
  dilationRate: 1 as number | readonly [number, number],
  /** relu/relu6/sigmoid/tanh run fused with the convolution where the backend can. */
  activation: 'linear' as ActivationIdentifier,
  useBias: true,
  /** Kernel HWIO `[kh, kw, in, filters]` initializer. */
  kernelInitializer: 'glorotUniform' as InitializerIdentifier,
  biasInitializer: 'zeros' as InitializerIdentifier,
  kernelRegularizer: null as RegularizerIdentifier | null,
  biasRegularizer: null as RegularizerIdentifier | null,
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
export class Conv2D extends Layer {
  readonly className = 'Conv2D';
  private readonly config: typeof CONV2D_DEFAULTS & Conv2DConfig;
  private readonly act: Activation;
  private readonly kernelSize: [number, number];
  private readonly strides: [number, number];
  private readonly dilation: [number, number];
  private readonly padding: ConvPadding;
  kernel: LayerWeight | null = null;
  bias: LayerWeight | null = null;

  constructor(config: Conv2DConfig) {
    super(config, 'Conv2D');
    const c = this.config = withDefaults('Conv2D', CONV2D_DEFAULTS, config, ['filters', 'kernelSize']);
    positiveInt(this.label, 'filters', c.filters);
    this.kernelSize = pair(this.label, 'kernelSize', c.kernelSize);
    this.strides = pair(this.label, 'strides', c.strides);
    this.dilation = pair(this.label, 'dilationRate', c.dilationRate);
    checkStridesDilation(this.label, this.strides, this.dilation);
    this.padding = checkPadding(this.label, c.padding);
    this.act = getActivation(c.activation, `${this.label} activation`);
    getInitializer(c.kernelInitializer, `${this.label} kernelInitializer`);
    getInitializer(c.biasInitializer, `${this.label} biasInitializer`);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    if (shape.length !== 4 || shape[3] === null) fail(this.label, `input must be NHWC [batch, height, width, channels] with known channels, got shape ${fmt(shape)}`);
    this.computeOutputShape(shape);
    const c = this.config;
    this.kernel = this.addWeight('kernel', {
      shape: [...this.kernelSize, shape[3], c.filters], initializer: c.kernelInitializer,
      regularizer: getRegularizer(c.kernelRegularizer, `${this.label} kernelRegularizer`),
    });
    if (c.useBias) {
      this.bias = this.addWeight('bias', {
        shape: [c.filters], initializer: c.biasInitializer,
        regularizer: getRegularizer(c.biasRegularizer, `${this.label} biasRegularizer`),
      });
    }
    this.inputSpec = { ndim: 4, axes: { [-1]: shape[3] } };
    super.build(inputShape);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = single(this.label, inputShape);
    if (shape.length !== 4) fail(this.label, `input must be NHWC [batch, height, width, channels], got shape ${fmt(shape)}`);
    const h = windowOutputSize(this.label, shape, 0, this.kernelSize[0], this.strides[0], this.dilation[0], this.padding);
    const w = windowOutputSize(this.label, shape, 1, this.kernelSize[1], this.strides[1], this.dilation[1], this.padding);
    return [shape[0], h, w, this.config.filters];
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
    const c = this.config;
    return {
      ...super.getConfig(),
      filters: c.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: serializePadding(this.padding),
      dilationRate: [...this.dilation],
      activation: serializeActivation(this.act),
      useBias: c.useBias,
      kernelInitializer: serializeInitializer(getInitializer(c.kernelInitializer)),
      biasInitializer: serializeInitializer(getInitializer(c.biasInitializer)),
      kernelRegularizer: serializeRegularizer(getRegularizer(c.kernelRegularizer)),
      biasRegularizer: serializeRegularizer(getRegularizer(c.biasRegularizer)),
    };
  }
}

export function conv2d(config: Conv2DConfig): Conv2D {
  return new Conv2D(config);
}
