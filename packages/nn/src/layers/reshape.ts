import { fail, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, productOf, single, type Shape } from '../engine/shape.js';

export interface ReshapeConfig extends LayerArgs {
  /** Shape of one sample after the layer (no batch axis); one entry may be -1 (required). */
  readonly targetShape: readonly number[];
}

/**
 * Reshapes each sample; the batch axis is kept.
 *
 * ```ts
 * reshape({ targetShape: [7, 7, 16] }).apply(x); // [N, 784] -> [N, 7, 7, 16]
 * ```
 */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly targetShape: readonly number[];

  constructor(config: ReshapeConfig) {
    super(config, 'Reshape');
    const c = withDefaults('Reshape', {}, config, ['targetShape']);
    const t = c.targetShape;
    if (!Array.isArray(t) || !t.every((d) => Number.isInteger(d) && (d >= 1 || d === -1)) || t.filter((d) => d === -1).length > 1) {
      fail(this.label, `targetShape must be positive integers with at most one -1, got ${JSON.stringify(t)}`);
    }
    this.targetShape = [...t];
  }

  private resolve(inputShape: Shape): (number | null)[] {
    const inSize = productOf(inputShape.slice(1));
    const known = this.targetShape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    const unknown = this.targetShape.indexOf(-1);
    if (inSize === null) return this.targetShape.map((d) => (d === -1 ? null : d));
    if (unknown < 0) {
      if (known !== inSize) fail(this.label, `cannot reshape input ${fmt(inputShape)} (${inSize} values per sample) to ${fmt(this.targetShape)}`);
      return [...this.targetShape];
    }
    if (inSize % known !== 0) fail(this.label, `cannot reshape input ${fmt(inputShape)} (${inSize} values per sample) to ${fmt(this.targetShape)}`);
    return this.targetShape.map((d) => (d === -1 ? inSize / known : d));
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = single(this.label, inputShape);
    return [shape[0], ...this.resolve(shape)];
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    const target = this.resolve([null, ...x.shape.slice(1)]) as number[];
    return x.reshape([x.shape[0], ...target]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}

export function reshape(config: ReshapeConfig): Reshape {
  return new Reshape(config);
}
