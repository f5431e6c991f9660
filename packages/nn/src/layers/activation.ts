import type { Tensor } from '@tessera/tensor';
import { getActivation, isLastAxisSoftmax, serializeActivation, type Activation as ActivationFn, type ActivationIdentifier } from '../activations.js';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { single, type Shape } from '../engine/shape.js';

export interface ActivationConfig extends LayerArgs {
  /** A name (`'relu'`) or a name with parameters (`{ name: 'leakyRelu', alpha: 0.1 }`) (required). */
  readonly activation: ActivationIdentifier;
}

/**
 * Applies an activation function as a layer.
 *
 * ```ts
 * activation({ activation: 'softmax' }).apply(logits);
 * ```
 */
export class Activation extends Layer {
  readonly className = 'Activation';
  private readonly fn: ActivationFn;

  constructor(config: ActivationConfig) {
    super(config, 'Activation');
    const c = withDefaults('Activation', {}, config, ['activation']);
    this.fn = getActivation(c.activation, `${this.label} activation`);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    return single(this.label, inputShape);
  }

  override get endsInSoftmax(): boolean {
    return isLastAxisSoftmax(this.fn);
  }

  call(inputs: LayerInput, options: CallOptions): Tensor {
    const x = oneInput(this, inputs);
    const skip = this.fn.name === 'linear' || (options.logits === true && this.endsInSoftmax);
    return skip ? x.reshape(x.shape) : this.fn.apply(x);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: serializeActivation(this.fn) };
  }
}

export function activation(config: ActivationConfig): Activation {
  return new Activation(config);
}
