import { fail, type Tensor } from '@tessera/tensor';
import { Layer, type CallOptions, type LayerInput, type SymbolicInput } from '../engine/layer.js';
import type { Shape } from '../engine/shape.js';
import type { SymbolicTensor } from '../engine/symbolic.js';

/** Layers that take a list of tensors and return one (add, concatenate): typed accordingly. */
export abstract class MergeLayer extends Layer {
  override apply(inputs: Tensor, options?: CallOptions): Tensor;
  override apply(inputs: readonly Tensor[], options?: CallOptions): Tensor;
  override apply(inputs: SymbolicTensor, options?: CallOptions): SymbolicTensor;
  override apply(inputs: readonly SymbolicTensor[], options?: CallOptions): SymbolicTensor;
  override apply(inputs: LayerInput, options?: CallOptions): Tensor;
  override apply(inputs: SymbolicInput, options?: CallOptions): SymbolicTensor;
  override apply(inputs: LayerInput | SymbolicInput, options: CallOptions = {}): Tensor | SymbolicTensor {
    return super.apply(inputs as LayerInput, options) as Tensor | SymbolicTensor;
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  /** Checks the input list against `computeOutputShape`, then merges it. */
  call(inputs: LayerInput, _options: CallOptions): Tensor {
    if (!Array.isArray(inputs)) fail(this.label, 'expects a list of tensors');
    const xs = inputs as readonly Tensor[];
    this.computeOutputShape(xs.map((x) => x.shape));
    return this.merge(xs);
  }

  /** The merged tensor of inputs whose shapes have been checked. */
  protected abstract merge(xs: readonly Tensor[]): Tensor;
}
