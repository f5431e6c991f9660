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

export const SEPARABLE_CONV2D_DEFAULTS = {
  /** Depthwise filters per input channel before the pointwise step. */
  depthMultiplier: 1,
  /** Strides, padding and dilation apply to the depthwise step. */
  strides: 1 as number | readonly [number, number],
  padding: 'valid' as ConvPadding,
  dilationRate: 1 as number | readonly [number, number],
  activation: 'linear' as ActivationIdentifier,
  useBias: true,
  depthwiseInitializer: 'glorotUniform' as InitializerIdentifier,
  pointwiseInitializer: 'glorotUniform' as InitializerIdentifier,
  biasInitializer: 'zeros' as InitializerIdentifier,
  depthwiseRegularizer: null as RegularizerIdentifier | null,
  pointwiseRegularizer: null as RegularizerIdentifier | null,
  biasRegularizer: null as RegularizerIdentifier | null,
};

export interface SeparableConv2DConfig extends LayerArgs, Partial<typeof SEPARABLE_CONV2D_DEFAULTS> {
  /** Output channels of the pointwise step (required). */
  readonly filters: number;
  readonly kernelSize: number | readonly [number, number];
}

/**
 * Depthwise convolution followed by a 1x1 pointwise convolution (Xception's separable conv):
 * far fewer weights than a full conv2d with the same window.
 *
 * ```ts
 * separableConv2d({ filters: 64, kernelSize: 3, padding: 'same' }).apply(x);
 * ```
 */
export class SeparableConv2D extends Layer {
  readonly className = 'SeparableConv2D';
  private readonly config: typeof SEPARABLE_CONV2D_DEFAULTS & SeparableConv2DConfig;
  private readonly act: Activation;
  private readonly kernelSize: [number, number];
  private readonly strides: [number, number];
  private readonly dilation: [number, number];
  private readonly padding: ConvPadding;
  depthwiseKernel: LayerWeight | null = null;
  pointwiseKernel: LayerWeight | null = null;
  bias: LayerWeight | null = null;

  constructor(config: SeparableConv2DConfig) {
    super(config, 'SeparableConv2D');
    const c = this.config = withDefaults('SeparableConv2D', SEPARABLE_CONV2D_DEFAULTS, config, ['filters', 'kernelSize']);
    positiveInt(this.label, 'filters', c.filters);
    positiveInt(this.label, 'depthMultiplier', c.depthMultiplier);
    this.kernelSize = pair(this.label, 'kernelSize', c.kernelSize);
    this.strides = pair(this.label, 'strides', c.strides);
    this.dilation = pair(this.label, 'dilationRate', c.dilationRate);
    checkStridesDilation(this.label, this.strides, this.dilation);
    this.padding = checkPadding(this.label, c.padding);
    this.act = getActivation(c.activation, `${this.label} activation`);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    if (shape.length !== 4 || shape[3] === null) fail(this.label, `input must be NHWC with known channels, got shape ${fmt(shape)}`);
    this.computeOutputShape(shape);
    const c = this.config;
    const inC = shape[3];
    this.depthwiseKernel = this.addWeight('depthwise_kernel', {
      shape: [...this.kernelSize, inC, c.depthMultiplier], initializer: c.depthwiseInitializer,
      regularizer: getRegularizer(c.depthwiseRegularizer, `${this.label} depthwiseRegularizer`),
    });
    this.pointwiseKernel = this.addWeight('pointwise_kernel', {
      shape: [1, 1, inC * c.depthMultiplier, c.filters], initializer: c.pointwiseInitializer,
      regularizer: getRegularizer(c.pointwiseRegularizer, `${this.label} pointwiseRegularizer`),
    });
    if (c.useBias) {
      this.bias = this.addWeight('bias', {
        shape: [c.filters], initializer: c.biasInitializer,
        regularizer: getRegularizer(c.biasRegularizer, `${this.label} biasRegularizer`),
      });
    }
    this.inputSpec = { ndim: 4, axes: { [-1]: inC } };
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
      let y = T.separableConv2d(x, this.depthwiseKernel!.value, this.pointwiseKernel!.value,
        { strides: this.strides, padding: this.padding, dilations: this.dilation });
      if (this.bias) y = T.add(y, this.bias.value);
      return this.act.apply(y);
    });
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      filters: c.filters,
      kernelSize: [...this.kernelSize],
      depthMultiplier: c.depthMultiplier,
      strides: [...this.strides],
      padding: serializePadding(this.padding),
      dilationRate: [...this.dilation],
      activation: serializeActivation(this.act),
      useBias: c.useBias,
      depthwiseInitializer: serializeInitializer(getInitializer(c.depthwiseInitializer)),
      pointwiseInitializer: serializeInitializer(getInitializer(c.pointwiseInitializer)),
      biasInitializer: serializeInitializer(getInitializer(c.biasInitializer)),
      depthwiseRegularizer: serializeRegularizer(getRegularizer(c.depthwiseRegularizer)),
      pointwiseRegularizer: serializeRegularizer(getRegularizer(c.pointwiseRegularizer)),
      biasRegularizer: serializeRegularizer(getRegularizer(c.biasRegularizer)),
    };
  }
}

export function separableConv2d(config: SeparableConv2DConfig): SeparableConv2D {
  return new SeparableConv2D(config);
}
