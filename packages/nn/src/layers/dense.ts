import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import { getActivation, isLastAxisSoftmax, serializeActivation, type Activation, type ActivationIdentifier } from '../activations.js';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, positiveInt, single, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import { serializeInitializer, getInitializer, type InitializerIdentifier } from '../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type RegularizerIdentifier } from '../regularizers.js';
import { fail } from '@tessera/tensor';

export const DENSE_DEFAULTS = {
  /** Applied to `x @ kernel + bias`; relu/relu6/sigmoid/tanh run fused with the matmul. */
  activation: 'linear' as ActivationIdentifier,
  /** Whether to add a learned bias. */
  useBias: true,
  /** Kernel `[in, units]` initializer. */
  kernelInitializer: 'glorotUniform' as InitializerIdentifier,
  biasInitializer: 'zeros' as InitializerIdentifier,
  /** Penalty on the kernel added to the loss during fit. */
  kernelRegularizer: null as RegularizerIdentifier | null,
  biasRegularizer: null as RegularizerIdentifier | null,
};

export interface DenseConfig extends LayerArgs, Partial<typeof DENSE_DEFAULTS> {
  /** Output size (required). */
  readonly units: number;
}

/**
 * Fully connected layer: `activation(x @ kernel + bias)` over the last axis of x.
 *
 * ```ts
 * const layer = dense({ units: 10, activation: 'softmax' });
 * const y = layer.apply(tensor([[1, 2, 3]])); // [1, 10]
 * ```
 */
export class Dense extends Layer {
  readonly className = 'Dense';
  private readonly config: typeof DENSE_DEFAULTS & DenseConfig;
  private readonly act: Activation;
  kernel: LayerWeight | null = null;
  bias: LayerWeight | null = null;

  constructor(config: DenseConfig) {
    super(config, 'Dense');
    this.config = withDefaults('Dense', DENSE_DEFAULTS, config, ['units']);
    positiveInt(this.label, 'units', this.config.units);
    this.act = getActivation(this.config.activation, `${this.label} activation`);
    getInitializer(this.config.kernelInitializer, `${this.label} kernelInitializer`);
    getInitializer(this.config.biasInitializer, `${this.label} biasInitializer`);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    const inDim = shape[shape.length - 1];
    if (shape.length < 2 || inDim === null) fail(this.label, `input must have rank >= 2 and a known last axis, got shape ${fmt(shape)}`);
    const c = this.config;
    this.kernel = this.addWeight('kernel', {
      shape: [inDim, c.units], initializer: c.kernelInitializer,
      regularizer: getRegularizer(c.kernelRegularizer, `${this.label} kernelRegularizer`),
    });
    if (c.useBias) {
      this.bias = this.addWeight('bias', {
        shape: [c.units], initializer: c.biasInitializer,
        regularizer: getRegularizer(c.biasRegularizer, `${this.label} biasRegularizer`),
      });
    }
    this.inputSpec = { minNdim: 2, axes: { [-1]: inDim } };
    super.build(inputShape);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = single(this.label, inputShape);
    return [...shape.slice(0, -1), this.config.units];
  }

  override get endsInSoftmax(): boolean {
    return isLastAxisSoftmax(this.act);
  }

  call(inputs: LayerInput, options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return T.tidy(() => {
      const flat = x.rank === 2 ? x : T.reshape(x, [-1, x.shape[x.rank - 1]]);
      const fused = this.act.fused;
      let y = T.fusedMatmul(flat, this.kernel!.value, { bias: this.bias?.value ?? null, activation: fused ?? 'linear' });
      if (!fused && !(options.logits && this.endsInSoftmax)) y = this.act.apply(y);
      return x.rank === 2 ? y : T.reshape(y, [...x.shape.slice(0, -1), this.config.units]);
    });
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      units: c.units,
      activation: serializeActivation(this.act),
      useBias: c.useBias,
      kernelInitializer: serializeInitializer(getInitializer(c.kernelInitializer)),
      biasInitializer: serializeInitializer(getInitializer(c.biasInitializer)),
      kernelRegularizer: serializeRegularizer(getRegularizer(c.kernelRegularizer)),
      biasRegularizer: serializeRegularizer(getRegularizer(c.biasRegularizer)),
    };
  }
}

export function dense(config: DenseConfig): Dense {
  return new Dense(config);
}
