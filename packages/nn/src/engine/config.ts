import { fail } from '@tessera/tensor';

const BASE_KEYS = ['name', 'trainable', 'inputShape'];

/**
 * Fills a layer config with its declared defaults and rejects unknown options, so a typo such
 * as `activaton:` fails loudly instead of silently using the default.
 */
export function withDefaults<D extends object, C extends object>(className: string, defaults: D, config: C,
  required: readonly string[] = []): D & C {
  if (typeof config !== 'object' || config === null) fail(className, `expects a config object, got ${JSON.stringify(config)}`);
  const allowed = new Set([...BASE_KEYS, ...Object.keys(defaults), ...required]);
  for (const key of Object.keys(config)) {
    if (!allowed.has(key)) fail(className, `unknown option "${key}" (options: ${[...allowed].join(', ')})`);
  }
  for (const key of required) {
    if ((config as Record<string, unknown>)[key] === undefined) fail(className, `option "${key}" is required`);
  }
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(config)) if (v !== undefined) out[k] = v;
  return out as D & C;
}
