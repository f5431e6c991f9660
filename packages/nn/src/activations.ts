import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';

/** Whether an activation is a softmax over the last axis. */
export function isLastAxisSoftmax(act: Activation): boolean {
  return act.name === 'softmax' && (act.config.axis ?? -1) === -1;
}

/** Names accepted by `activation:` options and the Activation layer (snake_case also works). */
export type ActivationName =
  | 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'elu' | 'selu' | 'softplus'
  | 'gelu' | 'softmax' | 'silu';

/** A name, or a name with parameters: `{ name: 'leakyRelu', alpha: 0.1 }`. */
export type ActivationIdentifier = ActivationName | { readonly name: ActivationName; readonly [k: string]: unknown };

/** A resolved activation: the function and, when a fused kernel can apply it, its fused name. */
export interface Activation {
  readonly name: ActivationName;
  readonly config: { readonly name: ActivationName; readonly [k: string]: unknown };
  readonly fused: 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | null;
  apply(x: Tensor): Tensor;
}

interface Spec {
  /** Parameters and their defaults. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly fused?: Activation['fused'];
  readonly fn: (x: Tensor, p: Readonly<Record<string, unknown>>) => Tensor;
}

const SPECS: Readonly<Record<ActivationName, Spec>> = {
  linear: { params: {}, fused: 'linear', fn: (x) => x },
  relu: { params: {}, fused: 'relu', fn: (x) => T.relu(x) },
  relu6: { params: {}, fused: 'relu6', fn: (x) => T.relu6(x) },
  sigmoid: { params: {}, fused: 'sigmoid', fn: (x) => T.sigmoid(x) },
  tanh: { params: {}, fused: 'tanh', fn: (x) => T.tanh(x) },
  /** Keras 3's default negative slope is 0.2 (PyTorch: 0.01). */
  leakyRelu: { params: { alpha: 0.2 }, fn: (x, p) => T.leakyRelu(x, p.alpha as number) },
  elu: { params: { alpha: 1 }, fn: (x, p) => T.elu(x, p.alpha as number) },
  selu: { params: {}, fn: (x) => T.selu(x) },
  softplus: { params: {}, fn: (x) => T.softplus(x) },
  /** The exact erf form by default; `approximate: 'tanh'` for the tanh approximation. */
  gelu: { params: { approximate: 'none' }, fn: (x, p) => T.gelu(x, { approximate: p.approximate as 'none' | 'tanh' }) },
  softmax: { params: { axis: -1 }, fn: (x, p) => T.softmax(x, p.axis as number) },
  silu: { params: {}, fn: (x) => T.silu(x) },
};

const ALIASES: Readonly<Record<string, ActivationName>> = {
  leaky_relu: 'leakyRelu', leakyrelu: 'leakyRelu', swish: 'silu', none: 'linear', identity: 'linear',
};

export const ACTIVATION_NAMES = Object.keys(SPECS) as ActivationName[];

function canonical(option: string, name: unknown): ActivationName {
  if (typeof name === 'string') {
    if (name in SPECS) return name as ActivationName;
    const alias = ALIASES[name] ?? ALIASES[name.toLowerCase()];
    if (alias) return alias;
  }
  return fail(option, `unknown activation ${JSON.stringify(name)}; expected one of ${ACTIVATION_NAMES.join(', ')}`);
}

/**
 * Resolves an activation identifier; `option` names the layer option in error messages.
 *
 * ```ts
 * getActivation('relu').apply(x);
 * getActivation({ name: 'leakyRelu', alpha: 0.1 }).apply(x);
 * ```
 */
export function getActivation(identifier: ActivationIdentifier | null | undefined, option = 'activation'): Activation {
  const raw = identifier ?? 'linear';
  const given: Record<string, unknown> = typeof raw === 'object' ? { ...raw } : { name: raw };
  const name = canonical(option, given.name);
  const spec = SPECS[name];
  const params: Record<string, unknown> = { ...spec.params };
  for (const [k, v] of Object.entries(given)) {
    if (k === 'name') continue;
    if (!(k in spec.params)) fail(option, `activation ${name} has no parameter "${k}" (parameters: ${Object.keys(spec.params).join(', ') || 'none'})`);
    params[k] = v;
  }
  const config = Object.keys(params).length === 0 ? { name } : { name, ...params };
  return { name, config, fused: spec.fused ?? null, apply: (x) => spec.fn(x, params) };
}

/** The serializable form: a bare name when there are no parameters. */
export function serializeActivation(a: Activation): ActivationIdentifier {
  return Object.keys(a.config).length === 1 ? a.name : a.config;
}
