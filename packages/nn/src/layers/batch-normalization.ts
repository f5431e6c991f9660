import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, single, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type RegularizerIdentifier } from '../regularizers.js';

export const BATCH_NORMALIZATION_DEFAULTS = {
  /** The channel axis; only the last axis (-1, channels-last) is supported. */
  axis: -1,
  /** Keras momentum: `moving = momentum * moving + (1 - momentum) * batch` (torch momentum 0.1 is 0.9 here). */
  momentum: 0.99,
  /** Added to the variance before the square root (Keras 1e-3; torch uses 1e-5). */
  epsilon: 1e-3,
  /** Learn an offset beta. */
  center: true,
  /** Learn a scale gamma. */
  scale: true,
  betaInitializer: 'zeros' as InitializerIdentifier,
  gammaInitializer: 'ones' as InitializerIdentifier,
  movingMeanInitializer: 'zeros' as InitializerIdentifier,
  movingVarianceInitializer: 'ones' as InitializerIdentifier,
  betaRegularizer: null as RegularizerIdentifier | null,
  gammaRegularizer: null as RegularizerIdentifier | null,
};

export interface BatchNormalizationConfig extends LayerArgs, Partial<typeof BATCH_NORMALIZATION_DEFAULTS> {}

/**
 * Normalizes each channel over the batch (and spatial axes). Training: batch mean and biased
 * batch variance normalize, and the moving statistics are updated with the same biased
 * variance (as Keras 3). Inference — and a frozen layer (`trainable = false`), as in Keras, so
 * fine-tuning does not disturb them — uses the moving statistics.
 *
 * ```ts
 * const bn = batchNormalization();
 * const y = bn.apply(x, { training: true });
 * ```
 */
export class BatchNormalization extends Layer {
  readonly className = 'BatchNormalization';
  private readonly config: typeof BATCH_NORMALIZATION_DEFAULTS & BatchNormalizationConfig;
  gamma: LayerWeight | null = null;
  beta: LayerWeight | null = null;
  movingMean: LayerWeight | null = null;
  movingVariance: LayerWeight | null = null;

  constructor(config: BatchNormalizationConfig = {}) {
    super(config, 'BatchNormalization');
    const c = this.config = withDefaults('BatchNormalization', BATCH_NORMALIZATION_DEFAULTS, config);
    if (!(c.momentum >= 0 && c.momentum <= 1)) fail(this.label, `momentum must be in [0, 1], got ${c.momentum}`);
    if (!(c.epsilon > 0)) fail(this.label, `epsilon must be positive, got ${c.epsilon}`);
    if (!Number.isInteger(c.axis)) fail(this.label, `axis must be an integer, got ${JSON.stringify(c.axis)}`);
    for (const k of ['betaInitializer', 'gammaInitializer', 'movingMeanInitializer', 'movingVarianceInitializer'] as const) {
      getInitializer(c[k], `${this.label} ${k}`);
    }
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    const axis = this.config.axis < 0 ? shape.length + this.config.axis : this.config.axis;
    if (shape.length < 2 || axis !== shape.length - 1) {
      fail(this.label, `axis ${this.config.axis} must be the last axis of an input of rank >= 2 (channels-last), got shape ${fmt(shape)}`);
    }
    const channels = shape[axis];
    if (channels === null) fail(this.label, `the channel axis must be known, got shape ${fmt(shape)}`);
    const c = this.config;
    if (c.scale) {
      this.gamma = this.addWeight('gamma', { shape: [channels], initializer: c.gammaInitializer, regularizer: getRegularizer(c.gammaRegularizer, `${this.label} gammaRegularizer`) });
    }
    if (c.center) {
      this.beta = this.addWeight('beta', { shape: [channels], initializer: c.betaInitializer, regularizer: getRegularizer(c.betaRegularizer, `${this.label} betaRegularizer`) });
    }
    this.movingMean = this.addWeight('moving_mean', { shape: [channels], initializer: c.movingMeanInitializer, trainable: false });
    this.movingVariance = this.addWeight('moving_variance', { shape: [channels], initializer: c.movingVarianceInitializer, trainable: false });
    this.inputSpec = { ndim: shape.length, axes: { [-1]: channels } };
    super.build(inputShape);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    return single(this.label, inputShape);
  }

  call(inputs: LayerInput, options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    const affine = { scale: this.gamma?.value ?? null, offset: this.beta?.value ?? null, epsilon: this.config.epsilon };
    if (!(options.training && this.trainable)) {
      return T.batchNorm(x, this.movingMean!.value, this.movingVariance!.value, affine);
    }
    return T.tidy(() => {
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const { mean, variance } = T.moments(x, axes);
      const y = T.batchNorm(x, mean, variance, affine);
      const m = this.config.momentum;
      // The moving statistics take no part in the gradient.
      const update = (w: LayerWeight, batch: Tensor) => {
        w.value.assign(T.add(T.mul(w.value, m), T.mul(T.stopGradient(batch), 1 - m)));
      };
      update(this.movingMean!, mean);
      update(this.movingVariance!, variance);
      return y;
    });
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      axis: c.axis, momentum: c.momentum, epsilon: c.epsilon, center: c.center, scale: c.scale,
      betaInitializer: serializeInitializer(getInitializer(c.betaInitializer)),
      gammaInitializer: serializeInitializer(getInitializer(c.gammaInitializer)),
      movingMeanInitializer: serializeInitializer(getInitializer(c.movingMeanInitializer)),
      movingVarianceInitializer: serializeInitializer(getInitializer(c.movingVarianceInitializer)),
      betaRegularizer: serializeRegularizer(getRegularizer(c.betaRegularizer)),
      gammaRegularizer: serializeRegularizer(getRegularizer(c.gammaRegularizer)),
    };
  }
}

export function batchNormalization(config: BatchNormalizationConfig = {}): BatchNormalization {
  return new BatchNormalization(config);
}
