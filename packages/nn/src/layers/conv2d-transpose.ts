import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { getActivation, serializeActivation, type Activation, type ActivationIdentifier } from '../activations.js';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, pair, positiveInt, single, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type RegularizerIdentifier } from '../regularizers.js';
import { checkPadding } from './conv-utils.js';

export const CONV2D_TRANSPOSE_DEFAULTS = {
  /** Upsampling factor: a number or [height, width]. */
  strides: 1 as number | readonly [number, number],
  /** 'same' gives `in * stride`; 'valid' gives `in * stride + max(kernel - stride, 0)` (Keras). */
  padding: 'valid' as 'same' | 'valid',
  activation: 'linear' as ActivationIdentifier,
  useBias: true,
  /** Kernel `[kh, kw, filters, in]` initializer (tf.nn.conv2d_transpose layout). */
  kernelInitializer: 'glorotUniform' as InitializerIdentifier,
  biasInitializer: 'zeros' as InitializerIdentifier,
  kernelRegularizer: null as RegularizerIdentifier | null,
  biasRegularizer: null as RegularizerIdentifier | null,
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
export class Conv2DTranspose extends Layer {
  readonly className = 'Conv2DTranspose';
  private readonly config: typeof CONV2D_TRANSPOSE_DEFAULTS & Conv2DTransposeConfig;
  private readonly act: Activation;
  private readonly kernelSize: [number, number];
  private readonly strides: [number, number];
  private readonly padding: 'same' | 'valid';
  kernel: LayerWeight | null = null;
  bias: LayerWeight | null = null;

  constructor(config: Conv2DTransposeConfig) {
    super(config, 'Conv2DTranspose');
    const c = this.config = withDefaults('Conv2DTranspose', CONV2D_TRANSPOSE_DEFAULTS, config, ['filters', 'kernelSize']);
    positiveInt(this.label, 'filters', c.filters);
    this.kernelSize = pair(this.label, 'kernelSize', c.kernelSize);
    this.strides = pair(this.label, 'strides', c.strides);
    this.padding = checkPadding(this.label, c.padding, false) as 'same' | 'valid';
    this.act = getActivation(c.activation, `${this.label} activation`);
  }

  private outSize(n: number | null, axis: 0 | 1): number | null {
    if (n === null) return null;
    const k = this.kernelSize[axis], s = this.strides[axis];
    return this.padding === 'same' ? n * s : n * s + Math.max(k - s, 0);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    if (shape.length !== 4 || shape[3] === null) fail(this.label, `input must be NHWC with known channels, got shape ${fmt(shape)}`);
    const c = this.config;
    this.kernel = this.addWeight('kernel', {
      shape: [...this.kernelSize, c.filters, shape[3]], initializer: c.kernelInitializer,
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
    return [shape[0], this.outSize(shape[1], 0), this.outSize(shape[2], 1), this.config.filters];
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return T.tidy(() => {
      const target = [x.shape[0], this.outSize(x.shape[1], 0)!, this.outSize(x.shape[2], 1)!, this.config.filters];
      let y = T.conv2dTranspose(x, this.kernel!.value, target, { strides: this.strides, padding: this.padding });
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
      strides: [...this.strides],
      padding: this.padding,
      activation: serializeActivation(this.act),
      useBias: c.useBias,
      kernelInitializer: serializeInitializer(getInitializer(c.kernelInitializer)),
      biasInitializer: serializeInitializer(getInitializer(c.biasInitializer)),
      kernelRegularizer: serializeRegularizer(getRegularizer(c.kernelRegularizer)),
      biasRegularizer: serializeRegularizer(getRegularizer(c.biasRegularizer)),
    };
  }
}

export function conv2dTranspose(config: Conv2DTransposeConfig): Conv2DTranspose {
  return new Conv2DTranspose(config);
}
