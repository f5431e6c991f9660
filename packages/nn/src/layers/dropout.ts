import * as T from '@tessera/tensor';
import { Generator, fail, globalGenerator, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, rate, single, type Shape } from '../engine/shape.js';

export const DROPOUT_DEFAULTS = {
  /** Seed of the layer's own mask stream; null draws from the call's generator (fit passes its
   * seeded one) or the global generator. */
  seed: null as number | null,
  /** Mask shape with 1 where the mask is shared (e.g. `[null, 1, 1, C]` drops whole channels);
   * null masks every element. */
  noiseShape: null as readonly (number | null)[] | null,
};

export interface DropoutConfig extends LayerArgs, Partial<typeof DROPOUT_DEFAULTS> {
  /** Fraction of units dropped during training, in [0, 1) (required). */
  readonly rate: number;
}

/**
 * Inverted dropout: in training, zeroes each unit with probability `rate` and scales the others
 * by `1 / (1 - rate)`, so inference is the identity.
 *
 * ```ts
 * dropout({ rate: 0.5, seed: 7 }).apply(x, { training: true });
 * ```
 */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  readonly rate: number;
  private readonly seed: number | null;
  private readonly noiseShape: readonly (number | null)[] | null;
  private readonly generator: Generator | null;

  constructor(config: DropoutConfig) {
    super(config, 'Dropout');
    const c = withDefaults('Dropout', DROPOUT_DEFAULTS, config, ['rate']);
    this.rate = rate(this.label, 'rate', c.rate);
    if (c.seed !== null && !Number.isSafeInteger(c.seed)) fail(this.label, `seed must be a safe integer or null, got ${JSON.stringify(c.seed)}`);
    this.seed = c.seed;
    this.generator = c.seed === null ? null : new Generator(c.seed);
    this.noiseShape = c.noiseShape ? [...c.noiseShape] : null;
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    return single(this.label, inputShape);
  }

  private maskShape(x: Tensor): number[] {
    if (!this.noiseShape) return [...x.shape];
    if (this.noiseShape.length !== x.rank) fail(this.label, `noiseShape ${fmt(this.noiseShape)} must have the input's rank, got input ${fmt(x.shape)}`);
    return this.noiseShape.map((d, i) => {
      const size = d ?? x.shape[i];
      if (size !== 1 && size !== x.shape[i]) fail(this.label, `noiseShape ${fmt(this.noiseShape!)} does not broadcast to input ${fmt(x.shape)}`);
      return size;
    });
  }

  call(inputs: LayerInput, options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    // A view, not the input itself, so that disposing the output never frees the input.
    if (!options.training || this.rate === 0) return x.reshape(x.shape);
    const g = this.generator ?? options.generator ?? globalGenerator();
    return T.tidy(() => {
      const keep = T.cast(T.greaterEqual(g.uniform(this.maskShape(x)), this.rate), 'float32');
      return T.mul(x, T.mul(keep, 1 / (1 - this.rate)));
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, noiseShape: this.noiseShape ? [...this.noiseShape] : null };
  }
}

export function dropout(config: DropoutConfig): Dropout {
  return new Dropout(config);
}
