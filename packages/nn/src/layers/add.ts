import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import type { LayerArgs } from '../engine/layer.js';
import { MergeLayer } from './merge-base.js';
import { fmt, list, type Shape } from '../engine/shape.js';

export interface AddConfig extends LayerArgs {}

/**
 * Sums two or more tensors of the same shape (residual connections).
 *
 * ```ts
 * const y = add().apply([x, block(x)]);
 * ```
 */
export class Add extends MergeLayer {
  readonly className = 'Add';

  constructor(config: AddConfig = {}) {
    super(config, 'Add');
    withDefaults('Add', {}, config);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shapes = list(this.label, inputShape);
    if (shapes.length < 2) fail(this.label, `needs at least 2 inputs, got ${shapes.length}`);
    const out = [...shapes[0]];
    for (const s of shapes.slice(1)) {
      const mismatch = s.length !== out.length || s.some((d, i) => d !== null && out[i] !== null && d !== out[i]);
      if (mismatch) fail(this.label, `inputs must have the same shape, got ${shapes.map(fmt).join(' and ')}`);
      s.forEach((d, i) => { if (out[i] === null) out[i] = d; });
    }
    return out;
  }

  protected merge(xs: readonly Tensor[]): Tensor {
    return T.tidy(() => xs.slice(1).reduce((acc, x) => T.add(acc, x), xs[0]));
  }
}

export function add(config: AddConfig = {}): Add {
  return new Add(config);
}
