import type { Tensor } from '@tessera/tensor';
import { Layer, type CallOptions, type LayerInput, type SymbolicInput } from '../engine/layer.js';
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
}
