import { ENGINE, collectTensors, type MemoryInfo } from './engine.js';
import { fail } from './errors.js';
import type { Tensor } from './tensor.js';

type TidyResult = unknown;

/**
 * Runs `fn` and disposes every tensor it created, except the ones it returns (they move to the
 * enclosing scope) and the ones passed to `keep()`. An async `fn` keeps its scope open until the
 * promise settles.
 *
 * ```ts
 * const y = tidy(() => x.mul(2).add(1).relu()); // intermediates freed, y kept
 * const z = await tidy(async () => { const t = x.square(); await t.data(); return t.sum(); });
 * ```
 */
export function tidy<T extends TidyResult>(fn: () => T): T;
export function tidy<T extends TidyResult>(name: string, fn: () => T): T;
export function tidy<T extends TidyResult>(nameOrFn: string | (() => T), maybeFn?: () => T): T {
  const name = typeof nameOrFn === 'string' ? nameOrFn : 'tidy';
  const fn = typeof nameOrFn === 'function' ? nameOrFn : maybeFn;
  if (typeof fn !== 'function') fail('tidy', 'expects a function (optionally after a scope name)');
  const scope = ENGINE.startScope(name);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    ENGINE.endScope(scope, undefined);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => { ENGINE.endScope(scope, value); return value; },
      (error) => { ENGINE.endScope(scope, undefined); throw error; },
    ) as T;
  }
  ENGINE.endScope(scope, result);
  return result;
}

/** Exempts a tensor from the enclosing `tidy` scopes; dispose it yourself. */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  return t;
}

/** Disposes the tensors found in `value` (a tensor, or arrays / objects of tensors). */
export function dispose(value: unknown): void {
  const found = new Set<Tensor>();
  collectTensors(value, found);
  for (const t of found) t.dispose();
}

/** Live tensors and bytes, overall and per backend. */
export function memory(): MemoryInfo {
  return ENGINE.memory();
}
