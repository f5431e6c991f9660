import * as T from '@tessera/tensor';
import type { Tensor } from '@tessera/tensor';
import { getActivation, serializeActivation, type Activation, type ActivationIdentifier } from '../activations.js';
import { withDefaults } from '../engine/config.js';
import { Layer, type LayerArgs } from '../engine/layer.js';
import type { LayerWeight } from '../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/initializers.js';
import { getRegularizer, serializeRegularizer, type RegularizerIdentifier } from '../regularizers.js';

/** A weight family whose options are `<prefix>Initializer` and `<prefix>Regularizer` (Keras' naming). */
export type WeightPrefix = 'kernel' | 'depthwise' | 'pointwise' | 'bias';

/** Defaults of a layer with one `kernel`, an optional `bias` and an activation (Dense, Conv2D, Conv2DTranspose). */
export const KERNEL_DEFAULTS = {
  /** relu/relu6/sigmoid/tanh run fused with the product where the layer and the backend can. */
  activation: 'linear' as ActivationIdentifier,
  /** Whether to add a learned bias. */
  useBias: true,
  kernelInitializer: 'glorotUniform' as InitializerIdentifier,
  biasInitializer: 'zeros' as InitializerIdentifier,
  /** Penalty on the kernel added to the loss during fit. */
  kernelRegularizer: null as RegularizerIdentifier | null,
  biasRegularizer: null as RegularizerIdentifier | null,
};

/** The options every layer with a kernel, an optional bias and an activation has. */
export interface KernelLayerOptions {
  readonly activation: ActivationIdentifier;
  readonly useBias: boolean;
}

type Options = KernelLayerOptions & Record<string, unknown>;

/**
 * What Dense and the convolutions share: defaults filled and checked once, weights created from
 * their `<prefix>Initializer` / `<prefix>Regularizer` options, bias + activation after the
 * product, and the same serialized options, so a new weighted layer only writes its own math.
 */
export abstract class KernelLayer<C extends KernelLayerOptions> extends Layer {
  protected readonly config: C;
  protected readonly act: Activation;
  bias: LayerWeight | null = null;

  /** `prefixes` lists the layer's weight families in the order their options serialize. */
  constructor(className: string, defaults: object, config: LayerArgs, required: readonly string[],
    private readonly prefixes: readonly WeightPrefix[]) {
    super(config, className);
    this.config = withDefaults(className, defaults, config, required) as unknown as C;
    this.act = getActivation(this.config.activation, `${this.label} activation`);
    // Resolve every initializer and regularizer now, so a bad name fails at construction, not at build.
    for (const p of prefixes) {
      getInitializer(this.option(p, 'Initializer') as InitializerIdentifier, `${this.label} ${p}Initializer`);
      getRegularizer(this.option(p, 'Regularizer') as RegularizerIdentifier | null, `${this.label} ${p}Regularizer`);
    }
  }

  private option(prefix: WeightPrefix, kind: 'Initializer' | 'Regularizer'): unknown {
    return (this.config as unknown as Options)[`${prefix}${kind}`];
  }

  /** Adds weight `name` of `shape`, initialized and regularized by the `prefix` options. */
  protected configuredWeight(name: string, prefix: WeightPrefix, shape: number[]): LayerWeight {
    return this.addWeight(name, {
      shape,
      initializer: this.option(prefix, 'Initializer') as InitializerIdentifier,
      regularizer: getRegularizer(this.option(prefix, 'Regularizer') as RegularizerIdentifier | null, `${this.label} ${prefix}Regularizer`),
    });
  }

  /** Adds the `[size]` bias when `useBias`. */
  protected addBias(size: number): void {
    if (this.config.useBias) this.bias = this.configuredWeight('bias', 'bias', [size]);
  }

  /** `activation(y + bias)`, for layers whose op has no fused bias and activation. */
  protected biasAndActivation(y: Tensor): Tensor {
    return this.act.apply(this.bias ? T.add(y, this.bias.value) : y);
  }

  /** activation, useBias, then every family's initializer, then every family's regularizer. */
  protected weightOptions(): Record<string, unknown> {
    const out: Record<string, unknown> = { activation: serializeActivation(this.act), useBias: this.config.useBias };
    for (const p of this.prefixes) out[`${p}Initializer`] = serializeInitializer(getInitializer(this.option(p, 'Initializer') as InitializerIdentifier));
    for (const p of this.prefixes) out[`${p}Regularizer`] = serializeRegularizer(getRegularizer(this.option(p, 'Regularizer') as RegularizerIdentifier | null));
    return out;
  }
}
