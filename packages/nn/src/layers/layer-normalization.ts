import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, single, type Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type RegularizerIdentifier } from '../regularizers.js';

export const LAYER_NORMALIZATION_DEFAULTS = {
  /** Trailing axis or axes to normalize over (negative counts from the end). */
  axis: -1 as number | readonly number[],
  /** Keras' default (torch uses 1e-5). */
  epsilon: 1e-3,
  center: true,
  scale: true,
  betaInitializer: 'zeros' as InitializerIdentifier,
  gammaInitializer: 'ones' as InitializerIdentifier,
  betaRegularizer: null as RegularizerIdentifier | null,
  gammaRegularizer: null as RegularizerIdentifier | null,
};

export interface LayerNormalizationConfig extends LayerArgs, Partial<typeof LAYER_NORMALIZATION_DEFAULTS> {}

/**
 * Normalizes each sample over its trailing axes (biased variance), then scales and shifts;
 * the same in training and inference.
 *
 * ```ts
 * layerNormalization({ axis: [-2, -1] }).apply(x);
 * ```
 */
export class LayerNormalization extends Layer {
  readonly className = 'LayerNormalization';
  private readonly config: typeof LAYER_NORMALIZATION_DEFAULTS & LayerNormalizationConfig;
  private axes: number[] = [];
  gamma: LayerWeight | null = null;
  beta: LayerWeight | null = null;

  constructor(config: LayerNormalizationConfig = {}) {
    super(config, 'LayerNormalization');
    const c = this.config = withDefaults('LayerNormalization', LAYER_NORMALIZATION_DEFAULTS, config);
    if (!(c.epsilon > 0)) fail(this.label, `epsilon must be positive, got ${c.epsilon}`);
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    const given = typeof this.config.axis === 'number' ? [this.config.axis] : [...this.config.axis];
    const axes = given.map((a) => (a < 0 ? shape.length + a : a)).sort((a, b) => a - b);
    const trailing = axes.every((a, i) => a === shape.length - axes.length + i) && axes[0] >= 1;
    if (!trailing || new Set(axes).size !== axes.length) {
      fail(this.label, `axis ${JSON.stringify(this.config.axis)} must name trailing non-batch axes of the input, got shape ${fmt(shape)}`);
    }
    const normShape = axes.map((a) => shape[a]);
    if (normShape.some((d) => d === null)) fail(this.label, `normalized axes must be known, got shape ${fmt(shape)}`);
    this.axes = axes;
    const c = this.config;
    if (c.scale) this.gamma = this.addWeight('gamma', { shape: normShape as number[], initializer: c.gammaInitializer, regularizer: getRegularizer(c.gammaRegularizer) });
    if (c.center) this.beta = this.addWeight('beta', { shape: normShape as number[], initializer: c.betaInitializer, regularizer: getRegularizer(c.betaRegularizer) });
    const spec: Record<number, number> = {};
    axes.forEach((a) => { spec[a - shape.length] = shape[a]!; });
    this.inputSpec = { ndim: shape.length, axes: spec };
    super.build(inputShape);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    return single(this.label, inputShape);
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return T.layerNorm(x, this.gamma?.value ?? null, this.beta?.value ?? null, { axes: this.axes, epsilon: this.config.epsilon });
  }

  override getConfig(): Record<string, unknown> {
    const c = this.config;
    return {
      ...super.getConfig(),
      axis: typeof c.axis === 'number' ? c.axis : [...c.axis],
      epsilon: c.epsilon, center: c.center, scale: c.scale,
      betaInitializer: serializeInitializer(getInitializer(c.betaInitializer)),
      gammaInitializer: serializeInitializer(getInitializer(c.gammaInitializer)),
      betaRegularizer: serializeRegularizer(getRegularizer(c.betaRegularizer)),
      gammaRegularizer: serializeRegularizer(getRegularizer(c.gammaRegularizer)),
    };
  }
}

export function layerNormalization(config: LayerNormalizationConfig = {}): LayerNormalization {
  return new LayerNormalization(config);
}
