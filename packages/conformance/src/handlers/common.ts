import { vjp, type Tensor } from '@tessera/tensor';
import type { CaseContext, HandlerResult } from '../context.js';

/**
 * Evaluates `f` on the named inputs. When the case lists gradients, the inputs named in
 * `grads` are differentiated (with `upstream` as dy) and the others held constant.
 */
export function evaluate(ctx: CaseContext, names: readonly string[], f: (...xs: Tensor[]) => Tensor,
  extra?: (value: Tensor) => Record<string, unknown>): HandlerResult {
  const xs = names.map((n) => ctx.tensor(n));
  const wanted = Object.keys(ctx.fixture.grads ?? {});
  if (wanted.length === 0) {
    const value = f(...xs);
    return { outputs: { output: value, ...extra?.(value) } };
  }
  const diffIndex = wanted.map((w) => {
    const i = names.indexOf(w);
    if (i < 0) throw new Error(`case ${ctx.fixture.name}: gradient for "${w}" but the handler does not take that input`);
    return i;
  });
  const dy = ctx.has('upstream') ? ctx.tensor('upstream') : undefined;
  const { value, grads } = vjp((...diff: Tensor[]) => {
    const args = [...xs];
    diffIndex.forEach((i, k) => { args[i] = diff[k]; });
    return f(...args);
  }, diffIndex.map((i) => xs[i]), dy);
  return {
    outputs: { output: value, ...extra?.(value) },
    grads: Object.fromEntries(wanted.map((w, k) => [w, grads[k]])),
  };
}

/** Input names of a case in the order its attrs give (`inputs_order`), or x0, x1, ... */
export function orderedInputs(ctx: CaseContext): string[] {
  if (ctx.hasAttr('inputs_order')) return ctx.attr<string[]>('inputs_order');
  return Object.keys(ctx.fixture.inputs).filter((k) => /^x\d+$/.test(k)).sort();
}
