import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import { Pool2D, type Pool2DConfig } from './pool-base.js';

/**
 * Mean over windows of an NHWC input; with 'same' padding each window divides by its number of
 * real (non-padded) cells, as TensorFlow.
 *
 * ```ts
 * avgPool2d({ poolSize: 2 }).apply(x);
 * ```
 */
export class AvgPool2D extends Pool2D {
  readonly className = 'AvgPool2D';

  constructor(config: Pool2DConfig = {}) {
    super(config, 'AvgPool2D');
  }

  protected pool(x: Tensor): Tensor {
    return T.avgPool2d(x, this.poolOptions);
  }
}

export function avgPool2d(config: Pool2DConfig = {}): AvgPool2D {
  return new AvgPool2D(config);
}
