import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import { GlobalPool2D, type GlobalPool2DConfig } from './global-pool-base.js';

/**
 * Max over height and width: `[N, H, W, C] -> [N, C]`.
 *
 * ```ts
 * globalMaxPooling2d({ keepDims: true }).apply(features); // [N, 1, 1, C]
 * ```
 */
export class GlobalMaxPooling2D extends GlobalPool2D {
  readonly className = 'GlobalMaxPooling2D';

  constructor(config: GlobalPool2DConfig = {}) {
    super(config, 'GlobalMaxPooling2D');
  }

  protected reduce(x: Tensor): Tensor {
    return T.globalMaxPool2d(x);
  }
}

export function globalMaxPooling2d(config: GlobalPool2DConfig = {}): GlobalMaxPooling2D {
  return new GlobalMaxPooling2D(config);
}
