import { fail } from '@tessera/tensor';
import type { Model } from '../models/model.js';
import { lenet5 } from './lenet.js';
import { mobilenetV1 } from './mobilenet.js';
import { resnet18 } from './resnet.js';
import { unetSmall } from './unet.js';
import { mlp, smallCnn } from './small-cnn.js';
import { vgg16, vggSmall } from './vgg.js';

export { lenet5, type LeNet5Options } from './lenet.js';
export { vgg, vggSmall, vgg16, type VggOptions } from './vgg.js';
export { resnet18, type ResNetOptions } from './resnet.js';
export { mobilenetV1, type MobileNetOptions } from './mobilenet.js';
export { unetSmall, type UNetOptions } from './unet.js';
export { smallCnn, mlp } from './small-cnn.js';
export type { ZooOptions } from './options.js';

const ZOO: Readonly<Record<string, (options: Record<string, unknown>) => Model>> = {
  lenet5: (o) => lenet5(o),
  smallCnn: (o) => smallCnn(o),
  mlp: (o) => mlp(o),
  vggSmall: (o) => vggSmall(o),
  vgg16: (o) => vgg16(o),
  resnet18: (o) => resnet18(o),
  mobilenetV1: (o) => mobilenetV1(o),
  unetSmall: (o) => unetSmall(o),
};

/** Names `zooModel` accepts. */
export const ZOO_NAMES: readonly string[] = Object.keys(ZOO);

/**
 * A zoo model by name (case-insensitive, `-` and `_` ignored), for tools such as the CLI.
 *
 * ```ts
 * zooModel('lenet5', { inputShape: [28, 28, 1] });
 * ```
 */
export function zooModel(name: string, options: Record<string, unknown> = {}): Model {
  const key = ZOO_NAMES.find((n) => n.toLowerCase() === String(name).toLowerCase().replace(/[-_]/g, ''));
  if (!key) fail('zooModel', `unknown model ${JSON.stringify(name)} (known: ${ZOO_NAMES.join(', ')})`);
  return ZOO[key](options);
}
