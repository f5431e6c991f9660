import { ENGINE, isTensorValue } from '../engine.js';
import { fail, fmtShape } from '../errors.js';
import { makeView } from '../op.js';
import { Tape } from './tape.js';
import type { Tensor } from '../tensor.js';
import { onesLike, zerosLike } from '../creation.js';
import { add } from '../ops/elementwise/add.js';
import { tidy } from '../tidy.js';
import { isVariable, type Variable } from '../variable.js';

/** An independent handle on a gradient, so one buffer can be stored under two ids safely. */
const share = (t: Tensor): Tensor => makeView('grad', t, t.shape);

/**
 * Reverse mode over the tape: each node's gradient is complete when it is reached (nodes are
 * visited in reverse execution order), so it is consumed at once and the node's saved tensors
 * are released right after — memory falls as the backward pass proceeds.
 */
function backprop(tape: Tape, y: Tensor, dy: Tensor, wanted: ReadonlySet<number>): Map<number, Tensor> {
  const grads = new Map<number, Tensor>([[y.id, share(dy)]]);
  for (let i = tape.nodes.length - 1; i >= 0; i--) {
    const node = tape.nodes[i];
    const g = grads.get(node.outputId);
    if (g) {
      if (!wanted.has(node.outputId)) grads.delete(node.outputId);
      const inputGrads = tidy(() => {
        const out = node.backward(g, { inputs: node.inputs, output: node.output, needs: node.needs });
        return node.inputIds.map((_, k) => (node.needs[k] && out[k] ? out[k]! : null));
      });
      // Own a separate handle where the backward passed dy through or returned one tensor for
      // two inputs, so that each stored gradient can be disposed on its own.
      const owned = inputGrads.map((dx, k) => (!dx ? null : dx === g || inputGrads.indexOf(dx) !== k ? share(dx) : dx));
      owned.forEach((dx, k) => {
        if (!dx) return;
        const id = node.inputIds[k];
        const shape = node.inputs[k].shape;
        if (dx.shape.length !== shape.length || dx.shape.some((d, j) => d !== shape[j])) {
          fail('grad', `backward of ${node.name} produced a gradient of shape ${fmtShape(dx.shape)} for an input of shape ${fmtShape(shape)}`);
        }
        const prev = grads.get(id);
        if (prev) {
          grads.set(id, add(prev, dx));
          prev.dispose();
          dx.dispose();
        } else {
          grads.set(id, dx);
        }
      });
      if (!wanted.has(node.outputId)) g.dispose();
    }
    for (const t of node.inputs) t.dispose();
    node.output.dispose();
  }
  return grads;
}

export interface VjpResult {
  readonly value: Tensor;
  readonly grads: Tensor[];
}

/**
 * The general form behind every gradient function: evaluates `f(...xs)` and returns
 * d sum(f(xs) * dy) / d xs for every x (dy defaults to ones). Intermediate tensors are freed;
 * the value and the gradients are returned to the caller's scope. First-order only.
 *
 * ```ts
 * const { value, grads: [da, db] } = vjp((a, b) => a.mul(b).sum(), [a, b]);
 * ```
 */
export function vjp(f: (...xs: Tensor[]) => Tensor, xs: readonly Tensor[], dy?: Tensor | null): VjpResult {
  const op = 'grad';
  if (typeof f !== 'function') fail(op, 'expects a function');
  if (ENGINE.tape) fail(op, 'gradients cannot be nested (higher-order gradients are not supported)');
  xs.forEach((x, i) => {
    if (!isTensorValue(x)) fail(op, `argument ${i} is not a tensor`);
    if (x.isDisposed) fail(op, `argument ${i} (id ${x.id}) has been disposed`);
    if (x.dtype !== 'float32') fail(op, `can only differentiate with respect to float32 tensors, argument ${i} is ${x.dtype}`);
  });
  const tape = new Tape();
  for (const x of xs) tape.tracked.add(x.id);
  const wanted = new Set(xs.map((x) => x.id));
  const scope = ENGINE.startScope('grad');
  let result: VjpResult | undefined;
  ENGINE.tape = tape;
  try {
    const value = f(...xs);
    ENGINE.tape = null;
    if (!isTensorValue(value)) fail(op, 'the function must return a tensor');
    if (value.dtype !== 'float32') fail(op, `the function must return a float32 tensor, got ${value.dtype}`);
    let seed = dy ?? null;
    if (seed) {
      if (!isTensorValue(seed) || seed.isDisposed) fail(op, 'dy must be a live tensor');
      if (seed.shape.length !== value.shape.length || seed.shape.some((d, i) => d !== value.shape[i])) {
        fail(op, `dy shape ${fmtShape(seed.shape)} must equal the value's shape ${fmtShape(value.shape)}`);
      }
    } else {
      seed = onesLike(value);
    }
    const grads = backprop(tape, value, seed, wanted);
    result = {
      value,
      grads: xs.map((x) => {
        const g = grads.get(x.id);
        if (g) { grads.delete(x.id); return g; }
        return zerosLike(x);
      }),
    };
    for (const leftover of grads.values()) leftover.dispose();
    return result;
  } finally {
    ENGINE.tape = null;
    for (const node of tape.nodes) {
      for (const t of node.inputs) t.dispose();
      node.output.dispose();
    }
    ENGINE.endScope(scope, result);
  }
}

/** Gradient of a scalar-valued f with respect to its one argument. `grad(x => x.square().sum())(x)` is 2x. */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => {
    const { value, grads } = vjp((t) => f(t), [x], dy);
    value.dispose();
    return grads[0];
  };
}

/** Gradients of f with respect to every argument. */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => Tensor[] {
  return (xs, dy) => {
    const { value, grads: gs } = vjp(f, xs, dy);
    value.dispose();
    return gs;
  };
}

/** f's value together with its gradient with respect to its one argument. */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const { value, grads: gs } = vjp((t) => f(t), [x], dy);
    return { value, grad: gs[0] };
  };
}

/** f's value together with its gradients with respect to every argument. */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => VjpResult {
  return (xs, dy) => vjp(f, xs, dy);
}

/**
 * The value of a loss `f()` and its gradients with respect to variables (default: every
 * trainable variable `f` touches is NOT discoverable, so pass the list; the training loop does).
 * Gradients come back in the order of `variables`; variables `f` does not use get zeros.
 *
 * ```ts
 * const { value, grads } = variableGrads(() => loss(model(x), y), model.trainableWeights);
 * ```
 */
export function variableGrads(f: () => Tensor, variables: readonly Variable[]): VjpResult {
  variables.forEach((v, i) => {
    if (!isVariable(v)) fail('variableGrads', `variables[${i}] is not a Variable`);
  });
  return vjp(() => f(), variables);
}

/**
 * x with the gradient stopped: the value passes through, no gradient flows back to x.
 *
 * ```ts
 * const target = stopGradient(model(x2)); // treat as a constant
 * ```
 */
export function stopGradient(x: Tensor): Tensor {
  return makeView('stopGradient', x, x.shape);
}
