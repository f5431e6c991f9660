import { fail, type DType, type Tensor } from '@tessera/tensor';
import { Layer, type CallOptions, type LayerInput } from './layer.js';
import type { Shape } from './shape.js';
import { Node, type SymbolicTensor } from './symbolic.js';

export interface InputConfig {
  /** Shape of one sample, without the batch axis: `[28, 28, 1]`. Required. */
  readonly shape: readonly number[];
  /** Fixed batch size; default unknown (null). */
  readonly batchSize?: number | null;
  /** Default 'float32'; 'int32' for integer inputs (e.g. indices). */
  readonly dtype?: DType;
  readonly name?: string;
}

/** The entry point of a functional graph; `input()` makes one and returns its symbolic tensor. */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';
  readonly shape: readonly number[];
  readonly batchSize: number | null;
  readonly dtype: DType;
  readonly output: SymbolicTensor;

  constructor(config: InputConfig) {
    super({ name: config.name }, 'InputLayer');
    if (!Array.isArray(config.shape) || !config.shape.every((d) => Number.isInteger(d) && d >= 1)) {
      fail('input', `shape must be a list of positive integers without the batch axis, got ${JSON.stringify(config.shape)}`);
    }
    const batch = config.batchSize ?? null;
    if (batch !== null && !(Number.isInteger(batch) && batch >= 1)) fail('input', `batchSize must be a positive integer, got ${batch}`);
    this.shape = Object.freeze([...config.shape]);
    this.batchSize = batch;
    this.dtype = config.dtype ?? 'float32';
    this.built = true;
    this.output = new Node(this, [], [[batch, ...this.shape]], this.dtype).outputs[0];
  }

  computeOutputShape(): Shape {
    return [this.batchSize, ...this.shape];
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    return inputs as Tensor;
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, shape: [...this.shape], batchSize: this.batchSize, dtype: this.dtype };
  }
}

/**
 * A symbolic input of a functional model.
 *
 * ```ts
 * const x = input({ shape: [784] });
 * const y = dense({ units: 10 }).apply(dense({ units: 64, activation: 'relu' }).apply(x));
 * const net = model({ inputs: x, outputs: y });
 * ```
 */
export function input(config: InputConfig): SymbolicTensor {
  return new InputLayer(config).output;
}
