import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';

export interface RegularizerConfig {
  readonly name: 'l1' | 'l2' | 'l1l2';
  readonly l1?: number;
  readonly l2?: number;
}

/** `'l2'` (factor 0.01), `{ name: 'l2', l2: 1e-4 }`, `{ name: 'l1l2', l1, l2 }`, or a regularizer. */
export type RegularizerIdentifier = 'l1' | 'l2' | 'l1l2' | RegularizerConfig | Regularizer;

/** A penalty on a weight, added to the loss during fit (Keras: `l1 * sum|w| + l2 * sum w^2`). */
export interface Regularizer {
  readonly config: RegularizerConfig;
  apply(weight: Tensor): Tensor;
}

/** Keras' default factor for both penalties. */
export const DEFAULT_REGULARIZATION_FACTOR = 0.01;

function factor(option: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) fail(option, `${name} factor must be a finite number >= 0, got ${JSON.stringify(value)}`);
  return value;
}

function make(l1: number, l2: number, name: RegularizerConfig['name']): Regularizer {
  const config: RegularizerConfig = name === 'l1' ? { name, l1 } : name === 'l2' ? { name, l2 } : { name, l1, l2 };
  return {
    config,
    apply: (w) => T.tidy(() => {
      let penalty: Tensor | null = null;
      if (l1 > 0) penalty = T.mul(T.sum(T.abs(w)), l1);
      if (l2 > 0) {
        const p2 = T.mul(T.sum(T.square(w)), l2);
        penalty = penalty ? T.add(penalty, p2) : p2;
      }
      return penalty ?? T.scalar(0);
    }),
  };
}

/** L1 penalty `factor * sum(|w|)`. */
export function l1(factorValue = DEFAULT_REGULARIZATION_FACTOR): Regularizer {
  return make(factor('l1', 'l1', factorValue), 0, 'l1');
}

/** L2 penalty `factor * sum(w^2)` (no 1/2, as Keras). */
export function l2(factorValue = DEFAULT_REGULARIZATION_FACTOR): Regularizer {
  return make(0, factor('l2', 'l2', factorValue), 'l2');
}

export function l1l2(options: { l1?: number; l2?: number } = {}): Regularizer {
  return make(factor('l1l2', 'l1', options.l1 ?? 0), factor('l1l2', 'l2', options.l2 ?? 0), 'l1l2');
}

export function getRegularizer(identifier: RegularizerIdentifier | null | undefined, option = 'regularizer'): Regularizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (typeof identifier === 'object' && typeof (identifier as Regularizer).apply === 'function') return identifier as Regularizer;
  const config = (typeof identifier === 'string' ? { name: identifier } : identifier) as RegularizerConfig;
  switch (config.name) {
    case 'l1': return make(factor(option, 'l1', config.l1 ?? DEFAULT_REGULARIZATION_FACTOR), 0, 'l1');
    case 'l2': return make(0, factor(option, 'l2', config.l2 ?? DEFAULT_REGULARIZATION_FACTOR), 'l2');
    case 'l1l2': return make(factor(option, 'l1', config.l1 ?? 0), factor(option, 'l2', config.l2 ?? 0), 'l1l2');
    default: return fail(option, `unknown regularizer ${JSON.stringify((config as { name?: unknown }).name ?? identifier)}; expected l1, l2 or l1l2`);
  }
}

export function serializeRegularizer(r: Regularizer | null): RegularizerConfig | null {
  return r ? r.config : null;
}
