import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { isLastAxisSoftmax } from '../activations.js';
import { oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, positiveInt, single, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import { KERNEL_DEFAULTS, KernelLayer } from './kernel-layer.js';

export const DENSE_DEFAULTS = {
  /** The kernel is `[in, units]`. */
  ...KERNEL_DEFAULTS,
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
export class Dense extends KernelLayer<typeof DENSE_DEFAULTS & DenseConfig> {
  readonly className = 'Dense';
  kernel: LayerWeight | null = null;

  constructor(config: DenseConfig) {
    super('Dense', DENSE_DEFAULTS, config, ['units'], ['kernel', 'bias']);
    positiveInt(this.label, 'units', this.config.units);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    const inDim = shape[shape.length - 1];
    if (shape.length < 2 || inDim === null) fail(this.label, `input must have rank >= 2 and a known last axis, got shape ${fmt(shape)}`);
    this.kernel = this.configuredWeight('kernel', 'kernel', [inDim, this.config.units]);
    this.addBias(this.config.units);
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
    return { ...super.getConfig(), units: this.config.units, ...this.weightOptions() };
  }
}

export function dense(config: DenseConfig): Dense {
  return new Dense(config);
}
