import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import { GlobalPool2D, type GlobalPool2DConfig } from './global-pool-base.js';

/**
 * Mean over height and width: `[N, H, W, C] -> [N, C]` (the head of ResNet and MobileNet).
 *
 * ```ts
 * globalAveragePooling2d().apply(features); // [N, C]
 * ```
 */
export class GlobalAveragePooling2D extends GlobalPool2D {
  readonly className = 'GlobalAveragePooling2D';

  constructor(config: GlobalPool2DConfig = {}) {
    super(config, 'GlobalAveragePooling2D');
  }

  protected reduce(x: Tensor): Tensor {
    return T.globalAvgPool2d(x);
  }
}

export function globalAveragePooling2d(config: GlobalPool2DConfig = {}): GlobalAveragePooling2D {
  return new GlobalAveragePooling2D(config);
}
