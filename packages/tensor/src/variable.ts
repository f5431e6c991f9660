import { fail, fmtShape } from './errors.js';
import { Tensor } from './tensor.js';
import { isTensorValue } from './engine.js';

let unnamed = 0;

export interface VariableOptions {
  /** Trainable variables receive gradients from `variableGrads` (default true). */
  readonly trainable?: boolean;
  readonly name?: string;
}

const VARIABLE_BRAND = Symbol.for('tessera.variable');

/**
 * A mutable tensor holding model state (weights, running statistics). `assign` replaces its
 * values in place; `tidy` never disposes it; its id is stable, so gradients can be taken
 * with respect to it across steps.
 *
 * ```ts
 * const w = variable(zeros([3, 2]), { name: 'w' });
 * w.assign(w.sub(grad.mul(0.1)));
 * ```
 */
export class Variable extends Tensor {
  readonly [VARIABLE_BRAND] = true;
  trainable: boolean;
  readonly name: string;

  /** @internal Use `variable()`. */
  constructor(initial: Tensor, options: VariableOptions = {}) {
    if (!isTensorValue(initial) || initial.isDisposed) fail('variable', 'needs a live tensor as its initial value');
    initial.storage.refs++;
    super(initial.storage, initial.shape, initial.dtype, false);
    this.trainable = options.trainable ?? true;
    this.name = options.name ?? `variable_${++unnamed}`;
  }

  /** Replaces the values (shape and dtype must match). The argument stays usable. */
  assign(value: Tensor): void {
    if (this.isDisposed) fail('assign', `variable ${this.name} has been disposed`);
    if (!isTensorValue(value) || value.isDisposed) fail('assign', `variable ${this.name}: value must be a live tensor`);
    if (value.dtype !== this.dtype || value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i])) {
      fail('assign', `variable ${this.name} is ${this.dtype} ${fmtShape(this.shape)}, value is ${value.dtype} ${fmtShape(value.shape)}`);
    }
    if (value.storage !== this.storage) this.rebindStorage(value.storage);
  }
}

export function isVariable(value: unknown): value is Variable {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[VARIABLE_BRAND] === true;
}

/** Creates a variable from a tensor (the variable shares, then owns, its buffer). */
export function variable(initial: Tensor, options: VariableOptions = {}): Variable {
  return new Variable(initial, options);
}
