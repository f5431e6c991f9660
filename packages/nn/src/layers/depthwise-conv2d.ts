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

export const DEPTHWISE_CONV2D_DEFAULTS = {
  /** Filters per input channel; output channel `c * depthMultiplier + m`. */
  depthMultiplier: 1,
  strides: 1 as number | readonly [number, number],
  padding: 'valid' as ConvPadding,
  dilationRate: 1 as number | readonly [number, number],
  activation: 'linear' as ActivationIdentifier,
  useBias: true,
  /** Kernel `[kh, kw, in, depthMultiplier]` initializer. */
  depthwiseInitializer: 'glorotUniform' as InitializerIdentifier,
  biasInitializer: 'zeros' as InitializerIdentifier,
  depthwiseRegularizer: null as RegularizerIdentifier | null,
  biasRegularizer: null as RegularizerIdentifier | null,
};

export interface DepthwiseConv2DConfig extends LayerArgs, Partial<typeof DEPTHWISE_CONV2D_DEFAULTS> {
  /** Window size: a number or [height, width] (required). */
  readonly kernelSize: number | readonly [number, number];
}

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own `depthMultiplier`
 * filters (MobileNet's spatial step).
 *
 * ```ts
 * depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }).apply(x); // channels kept
 * ```
 */
export class DepthwiseConv2D extends Layer {
  readonly className = 'DepthwiseConv2D';
  private readonly config: typeof DEPTHWISE_CONV2D_DEFAULTS & DepthwiseConv2DConfig;
  private readonly act: Activation;
  private readonly kernelSize: [number, number];
  private readonly strides: [number, number];
  private readonly dilation: [number, number];
  private readonly padding: ConvPadding;
  depthwiseKernel: LayerWeight | null = null;
  bias: LayerWeight | null = null;

  constructor(config: DepthwiseConv2DConfig) {
    super(config, 'DepthwiseConv2D');
    const c = this.config = withDefaults('DepthwiseConv2D', DEPTHWISE_CONV2D_DEFAULTS, config, ['kernelSize']);
    positiveInt(this.label, 'depthMultiplier', c.depthMultiplier);
    this.kernelSize = pair(this.label, 'kernelSize', c.kernelSize);
    this.strides = pair(this.label, 'strides', c.strides);
    this.dilation = pair(this.label, 'dilationRate', c.dilationRate);
    checkStridesDilation(this.label, this.strides, this.dilation);
    this.padding = checkPadding(this.label, c.padding);
    this.act = getActivation(c.activation, `${this.label} activation`);
    getInitializer(c.depthwiseInitializer, `${this.label} depthwiseInitializer`);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    if (shape.length !== 4 || shape[3] === null) fail(this.label, `input must be NHWC with known channels, got shape ${fmt(shape)}`);
    this.computeOutputShape(shape);
    const c = this.config;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', {
      shape: [...this.kernelSize, shape[3], c.depthMultiplier], initializer: c.depthwiseInitializer,
      regularizer: getRegularizer(c.depthwiseRegularizer, `${this.label} depthwiseRegularizer`),
    });
    if (c.useBias) {
      this.bias = this.addWeight('bias', {
        shape: [shape[3] * c.depthMultiplier], initializer: c.biasInitializer,
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
    return [shape[0], h, w, shape[3] === null ? null : shape[3] * this.config.depthMultiplier];
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return T.tidy(() => {
      let y = T.depthwiseConv2d(x, this.depthwiseKernel!.value, { strides: this.strides, padding: this.padding, dilations: this.dilation });
      if (this.bias) y = T.add(y, this.bias.value);
      return this.act.apply(y);
    });
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      kernelSize: [...this.kernelSize],
      depthMultiplier: c.depthMultiplier,
      strides: [...this.strides],
      padding: serializePadding(this.padding),
      dilationRate: [...this.dilation],
      activation: serializeActivation(this.act),
      useBias: c.useBias,
      depthwiseInitializer: serializeInitializer(getInitializer(c.depthwiseInitializer)),
      biasInitializer: serializeInitializer(getInitializer(c.biasInitializer)),
      depthwiseRegularizer: serializeRegularizer(getRegularizer(c.depthwiseRegularizer)),
      biasRegularizer: serializeRegularizer(getRegularizer(c.biasRegularizer)),
    };
  }
}

export function depthwiseConv2d(config: DepthwiseConv2DConfig): DepthwiseConv2D {
  return new DepthwiseConv2D(config);
}
