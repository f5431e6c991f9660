import type { DType } from '@tessera/tensor';
import type { Layer } from './layer.js';
import { fmt, type Shape } from './shape.js';

let nextId = 1;

/**
 * A placeholder in a functional graph: the shape (batch `null`) and the layer call that
 * produces it. Applying a layer to symbolic tensors records a `Node` instead of computing.
 */
export class SymbolicTensor {
  readonly id = nextId++;
  readonly shape: Shape;
  readonly dtype: DType;

  constructor(shape: Shape, dtype: DType, readonly node: Node, readonly outputIndex: number) {
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
  }

  /** The layer that produces this tensor. */
  get sourceLayer(): Layer {
    return this.node.layer;
  }

  get name(): string {
    return `${this.node.layer.name}/out${this.outputIndex}`;
  }

  toString(): string {
    return `SymbolicTensor(${this.name}, shape=${fmt(this.shape)})`;
  }
}

/** One application of a layer inside a graph: which symbolic tensors went in and came out. */
export class Node {
  readonly outputs: SymbolicTensor[] = [];
  /** Position of this node in `layer.inboundNodes` (a layer applied twice has two nodes). */
  readonly index: number;

  /**
   * @param asList whether the layer was called with a list (`add().apply([a, b])`) rather than
   * one tensor; replaying the graph passes its inputs the same way.
   */
  constructor(readonly layer: Layer, readonly inputs: readonly SymbolicTensor[], outputShapes: readonly Shape[], dtype: DType,
    readonly asList = false) {
    this.index = layer.inboundNodes.length;
    layer.inboundNodes.push(this);
    outputShapes.forEach((s, i) => this.outputs.push(new SymbolicTensor(s, dtype, this, i)));
  }
}

export function isSymbolic(value: unknown): value is SymbolicTensor {
  return value instanceof SymbolicTensor;
}
