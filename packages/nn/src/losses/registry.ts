import { fail, type Tensor } from '@tessera/tensor';
import { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy } from './crossentropy.js';
import { hinge } from './hinge.js';
import { klDivergence } from './kl-divergence.js';
import type { Loss, LossConfig } from './loss.js';
import { huber, meanAbsoluteError, meanSquaredError } from './regression.js';

/** A loss function `(yTrue, yPred) => scalar`; not serializable, so a saved model forgets it. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** A name (`'mse'`, `'categoricalCrossentropy'`), a config (`{ name: 'huber', delta: 2 }`), a Loss or a function. */
export type LossIdentifier = string | LossConfig | Loss | LossFunction;

type Factory = (options: Record<string, unknown>) => Loss;

const FACTORIES: Readonly<Record<string, Factory>> = {
  meanSquaredError: (o) => meanSquaredError(o),
  meanAbsoluteError: (o) => meanAbsoluteError(o),
  huber: (o) => huber(o),
  binaryCrossentropy: (o) => binaryCrossentropy(o),
  categoricalCrossentropy: (o) => categoricalCrossentropy(o),
  sparseCategoricalCrossentropy: (o) => sparseCategoricalCrossentropy(o),
  hinge: (o) => hinge(o),
  klDivergence: (o) => klDivergence(o),
};

const ALIASES: Readonly<Record<string, string>> = {
  mse: 'meanSquaredError', mae: 'meanAbsoluteError', bce: 'binaryCrossentropy', cce: 'categoricalCrossentropy',
  kld: 'klDivergence', kullbackLeiblerDivergence: 'klDivergence', huberLoss: 'huber',
};

export const LOSS_NAMES: readonly string[] = [...Object.keys(FACTORIES), ...Object.keys(ALIASES)];

/** Option names each loss accepts besides `name`. */
const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  meanSquaredError: ['reduction'], meanAbsoluteError: ['reduction'], huber: ['reduction', 'delta'],
  binaryCrossentropy: ['fromLogits', 'reduction'], categoricalCrossentropy: ['fromLogits', 'normalize', 'reduction'],
  sparseCategoricalCrossentropy: ['fromLogits', 'reduction'], hinge: ['reduction'], klDivergence: ['reduction'],
};

function canonical(option: string, name: unknown): string {
  if (typeof name === 'string') {
    const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const direct = Object.keys(FACTORIES).find((k) => k.toLowerCase() === camel.toLowerCase());
    if (direct) return direct;
    const alias = Object.keys(ALIASES).find((k) => k.toLowerCase() === camel.toLowerCase());
    if (alias) return ALIASES[alias];
  }
  return fail(option, `unknown loss ${JSON.stringify(name)}; expected one of ${LOSS_NAMES.join(', ')}`);
}

/** Whether a loss identifier can be written into a saved model. */
export function isSerializableLoss(identifier: LossIdentifier): boolean {
  return typeof identifier !== 'function';
}

/**
 * Resolves a loss identifier.
 *
 * ```ts
 * getLoss('sparseCategoricalCrossentropy');
 * getLoss({ name: 'binaryCrossentropy', fromLogits: true });
 * ```
 */
export function getLoss(identifier: LossIdentifier, option = 'loss'): Loss {
  if (typeof identifier === 'function') {
    const fn = identifier;
    return {
      name: fn.name || 'custom',
      config: { name: fn.name || 'custom' },
      perSample: (y, p) => fn(y, p),
      compute: (y, p) => fn(y, p),
    };
  }
  if (typeof identifier === 'object' && identifier !== null && typeof (identifier as Loss).compute === 'function') return identifier as Loss;
  const config: Record<string, unknown> = typeof identifier === 'string' ? { name: identifier } : { ...(identifier as LossConfig) };
  const name = canonical(option, config.name);
  const { name: _ignored, ...options } = config;
  for (const key of Object.keys(options)) {
    if (!OPTIONS[name].includes(key)) fail(option, `${name} has no option "${key}" (options: ${OPTIONS[name].join(', ')})`);
  }
  return FACTORIES[name](options);
}
