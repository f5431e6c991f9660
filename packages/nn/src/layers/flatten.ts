import type { Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { productOf, single, type Shape } from '../engine/shape.js';

export interface FlattenConfig extends LayerArgs {}

/**
 * Collapses every axis but the batch: `[N, H, W, C] -> [N, H*W*C]` (row-major, so NHWC order).
 *
 * ```ts
 * flatten().apply(features);
 * ```
 */
export class Flatten extends Layer {
  readonly className = 'Flatten';

  constructor(config: FlattenConfig = {}) {
    super(config, 'Flatten');
    withDefaults('Flatten', {}, config);
    this.inputSpec = { minNdim: 1 };
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = single(this.label, inputShape);
    return [shape[0], productOf(shape.slice(1))];
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    return x.reshape([x.shape[0], x.shape.slice(1).reduce((p, d) => p * d, 1)]);
  }
}

export function flatten(config: FlattenConfig = {}): Flatten {
  return new Flatten(config);
}
