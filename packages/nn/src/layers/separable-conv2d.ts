import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import type { ActivationIdentifier } from '../activations.js';
import type { CallOptions, LayerArgs, LayerInput } from '../engine/layer.js';
import { oneInput } from '../engine/layer.js';
import { positiveInt, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import type { InitializerIdentifier } from '../initializers/initializers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import type { ConvPadding } from './conv-utils.js';
import { ConvLayer } from './conv-layer.js';

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
export class SeparableConv2D extends ConvLayer<typeof SEPARABLE_CONV2D_DEFAULTS & SeparableConv2DConfig> {
  readonly className = 'SeparableConv2D';
  depthwiseKernel: LayerWeight | null = null;
  pointwiseKernel: LayerWeight | null = null;

  constructor(config: SeparableConv2DConfig) {
    super('SeparableConv2D', SEPARABLE_CONV2D_DEFAULTS, config, ['filters'], ['depthwise', 'pointwise', 'bias']);
    positiveInt(this.label, 'filters', this.config.filters);
    positiveInt(this.label, 'depthMultiplier', this.config.depthMultiplier);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = this.nhwc(inputShape, true), inC = shape[3]!;
    const { filters, depthMultiplier } = this.config;
    this.computeOutputShape(shape);
    this.depthwiseKernel = this.configuredWeight('depthwise_kernel', 'depthwise', [...this.kernelSize, inC, depthMultiplier]);
    this.pointwiseKernel = this.configuredWeight('pointwise_kernel', 'pointwise', [1, 1, inC * depthMultiplier, filters]);
    this.addBias(filters);
    this.finishBuild(inputShape, inC);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    return this.windowedShape(this.nhwc(inputShape, false), this.config.filters);
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return T.tidy(() => this.biasAndActivation(T.separableConv2d(x, this.depthwiseKernel!.value, this.pointwiseKernel!.value,
      { strides: this.strides, padding: this.padding, dilations: this.dilation })));
  }

  override getConfig(): Record<string, unknown> {
    return this.convOptions({ filters: this.config.filters, depthMultiplier: this.config.depthMultiplier });
  }
}

export function separableConv2d(config: SeparableConv2DConfig): SeparableConv2D {
  return new SeparableConv2D(config);
}
