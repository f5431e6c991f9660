import { fail, fmtShape, sizeOf, variable, type DType, type Generator, type Tensor, type Variable } from '@tessera/tensor';
import type { Initializer } from '../initializers/initializers.js';
import type { Regularizer } from '../regularizers.js';

/** What a layer declares in `build`: enough to count parameters without allocating anything. */
export interface WeightSpec {
  readonly shape: readonly number[];
  readonly initializer: Initializer;
  readonly regularizer?: Regularizer | null;
  /** False for state that is not learned by gradient (batch-norm moving statistics). */
  readonly trainable?: boolean;
  readonly dtype?: DType;
}

/**
 * One weight of a layer, named `<layer>/<weight>`. Its Variable is allocated on first use
 * (a call, `model.weights`, fit, save), so building a large model to count its parameters
 * costs no memory.
 */
export class LayerWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly initializer: Initializer;
  readonly regularizer: Regularizer | null;
  /** The weight's own flag; the layer's `trainable` must also be true for it to train. */
  readonly trainableByDefinition: boolean;
  private variableValue: Variable | null = null;
  private disposed = false;

  constructor(name: string, spec: WeightSpec, private readonly owner: { readonly trainable: boolean }) {
    this.name = name;
    this.shape = Object.freeze([...spec.shape]);
    this.dtype = spec.dtype ?? 'float32';
    this.initializer = spec.initializer;
    this.regularizer = spec.regularizer ?? null;
    this.trainableByDefinition = spec.trainable ?? true;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  /** True when gradients update it: trainable by definition and its layer not frozen. */
  get trainable(): boolean {
    return this.trainableByDefinition && this.owner.trainable;
  }

  get allocated(): boolean {
    return this.variableValue !== null && !this.variableValue.isDisposed;
  }

  /** The Variable, allocated from the initializer on first access. */
  get value(): Variable {
    this.checkLive();
    if (!this.allocated) this.allocate();
    const v = this.variableValue!;
    v.trainable = this.trainable;
    return v;
  }

  private checkLive(): void {
    if (this.disposed) fail(this.name, 'this weight has been disposed (its layer or model was disposed)');
  }

  allocate(generator?: Generator): void {
    this.checkLive();
    if (this.allocated) return;
    const init = this.initializer.init(this.shape, generator);
    this.variableValue = variable(init, { name: this.name, trainable: this.trainable });
    init.dispose();
  }

  /** Replaces the values (copying them); shape must match. */
  assign(values: Tensor): void {
    this.checkLive();
    if (values.dtype !== this.dtype || values.shape.length !== this.shape.length || values.shape.some((d, i) => d !== this.shape[i])) {
      fail('setWeights', `weight ${this.name} is ${this.dtype} ${fmtShape(this.shape)}, got ${values.dtype} ${fmtShape(values.shape)}`);
    }
    if (!this.allocated) {
      const copy = values.clone();
      this.variableValue = variable(copy, { name: this.name, trainable: this.trainable });
      copy.dispose();
      return;
    }
    this.variableValue!.assign(values);
  }

  /** Frees the Variable; the weight cannot be used afterwards. */
  dispose(): void {
    this.variableValue?.dispose();
    this.variableValue = null;
    this.disposed = true;
  }
}
