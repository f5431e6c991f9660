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
export class DepthwiseConv2D extends ConvLayer<typeof DEPTHWISE_CONV2D_DEFAULTS & DepthwiseConv2DConfig> {
  readonly className = 'DepthwiseConv2D';
  depthwiseKernel: LayerWeight | null = null;

  constructor(config: DepthwiseConv2DConfig) {
    super('DepthwiseConv2D', DEPTHWISE_CONV2D_DEFAULTS, config, [], ['depthwise', 'bias']);
    positiveInt(this.label, 'depthMultiplier', this.config.depthMultiplier);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = this.nhwc(inputShape, true), inC = shape[3]!, m = this.config.depthMultiplier;
    this.computeOutputShape(shape);
    this.depthwiseKernel = this.configuredWeight('depthwise_kernel', 'depthwise', [...this.kernelSize, inC, m]);
    this.addBias(inC * m);
    this.finishBuild(inputShape, inC);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = this.nhwc(inputShape, false);
    return this.windowedShape(shape, shape[3] === null ? null : shape[3] * this.config.depthMultiplier);
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return T.tidy(() => this.biasAndActivation(
      T.depthwiseConv2d(x, this.depthwiseKernel!.value, { strides: this.strides, padding: this.padding, dilations: this.dilation })));
  }

  override getConfig(): Record<string, unknown> {
    return this.convOptions({ depthMultiplier: this.config.depthMultiplier });
  }
}

export function depthwiseConv2d(config: DepthwiseConv2DConfig): DepthwiseConv2D {
  return new DepthwiseConv2D(config);
}
