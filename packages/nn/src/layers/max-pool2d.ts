import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import { Pool2D, type Pool2DConfig } from './pool-base.js';

/**
 * Max over windows of an NHWC input (strides default to the pool size).
 *
 * ```ts
 * maxPool2d({ poolSize: 2 }).apply(x); // [N, H/2, W/2, C]
 * ```
 */
export class MaxPool2D extends Pool2D {
  readonly className = 'MaxPool2D';

  constructor(config: Pool2DConfig = {}) {
    super(config, 'MaxPool2D');
  }

  protected pool(x: Tensor): Tensor {
    return T.maxPool2d(x, this.poolOptions);
  }
}

export function maxPool2d(config: Pool2DConfig = {}): MaxPool2D {
  return new MaxPool2D(config);
}
