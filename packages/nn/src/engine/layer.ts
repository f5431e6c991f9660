import { fail, isTensor, type Generator, type Tensor, type Variable } from '@tessera/tensor';
import { getInitializer, type InitializerIdentifier } from '../initializers/initializers.js';
import type { Regularizer } from '../regularizers.js';
import { noteName, snakeCase, uniqueName } from './naming.js';
import { checkInputSpec, type InputSpec } from './input-spec.js';
import { isShapeList, type Shape } from './shape.js';
import { Node, isSymbolic, type SymbolicTensor } from './symbolic.js';
import { LayerWeight, type WeightSpec } from './weight.js';

/** Options every layer accepts. */
export interface LayerArgs {
  /** Unique name; default `<snake_case class>_<n>` (`dense_1`). Weights are `<name>/<weight>`. */
  readonly name?: string;
  /** Whether fit updates the layer's weights. Default true. */
  readonly trainable?: boolean;
  /** Shape of one sample (no batch axis), so a model's first layer can declare its input. */
  readonly inputShape?: readonly number[];
}

/** Per-call options. */
export interface CallOptions {
  /** Training mode: dropout drops, batch norm uses and updates batch statistics. Default false. */
  readonly training?: boolean;
  /** Random stream for dropout masks (fit passes a seeded one). */
  readonly generator?: Generator;
  /**
   * Return the values before a final softmax (see `Layer.endsInSoftmax`). The training step asks
   * for them to compute a cross-entropy from logits, as Keras does; other layers ignore it.
   */
  readonly logits?: boolean;
}

export type { InputSpec } from './input-spec.js';

export type LayerInput = Tensor | readonly Tensor[];
export type SymbolicInput = SymbolicTensor | readonly SymbolicTensor[];

/**
 * Base of every layer. A layer is built once for an input shape (`build` declares its weights),
 * then called on tensors (`call`), or applied to symbolic tensors to build a functional graph.
 * Its full configuration (`getConfig()`) re-creates it: `new Dense(layer.getConfig())`.
 */
export abstract class Layer {
  /** Keras class name, used in configs and summaries. */
  abstract readonly className: string;
  readonly name: string;
  protected trainableFlag: boolean;
  protected readonly declaredInputShape: readonly number[] | null;
  built = false;
  /** Own weights in declaration order (sub-layers' weights are not included). */
  protected readonly ownWeights: LayerWeight[] = [];
  protected inputSpec: InputSpec | readonly InputSpec[] | null = null;
  /** Graph nodes in which this layer was applied. */
  readonly inboundNodes: Node[] = [];
  /** Input shape(s) the layer was built with (batch axis null). */
  builtInputShape: Shape | readonly Shape[] | null = null;
  /** The class name given to the constructor: base-class constructors label errors before `className` is set. */
  private readonly constructedAs: string;

  constructor(args: LayerArgs, className: string) {
    this.constructedAs = className;
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name.length === 0 || args.name.includes('/'))) {
      fail(className, `name must be a non-empty string without "/", got ${JSON.stringify(args.name)}`);
    }
    if (args.name !== undefined) noteName(args.name);
    this.name = args.name ?? uniqueName(snakeCase(className));
    this.trainableFlag = args.trainable ?? true;
    if (args.inputShape !== undefined) {
      if (!Array.isArray(args.inputShape) || !args.inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
        fail(`${this.name} (${className})`, `inputShape must be a list of positive integers (no batch axis), got ${JSON.stringify(args.inputShape)}`);
      }
    }
    this.declaredInputShape = args.inputShape ? Object.freeze([...args.inputShape]) : null;
  }

  /** `dense_1 (Dense)`: the prefix of this layer's error messages. */
  get label(): string {
    return `${this.name} (${this.className ?? this.constructedAs})`;
  }

  /** Freezes (false) or unfreezes the layer; frozen weights get no gradient and no optimizer state. */
  get trainable(): boolean {
    return this.trainableFlag;
  }

  set trainable(value: boolean) {
    this.trainableFlag = value;
  }

  /** The `inputShape` option with a null batch axis, if given. */
  get batchInputShape(): Shape | null {
    return this.declaredInputShape ? [null, ...this.declaredInputShape] : null;
  }

  /** Declares weights for this input shape. Subclasses call `super.build` last. */
  build(inputShape: Shape | readonly Shape[]): void {
    this.builtInputShape = inputShape;
    this.built = true;
  }

  /** Output shape(s) for an input shape; never allocates or computes. */
  abstract computeOutputShape(inputShape: Shape | readonly Shape[]): Shape | readonly Shape[];

  /** The computation, on built layers only (use `apply`, which builds and checks). */
  abstract call(inputs: LayerInput, options: CallOptions): Tensor | Tensor[];

  /**
   * Whether the output is a softmax over the last axis that `call` skips when given
   * `{ logits: true }` (Dense and Activation with a softmax activation, and models ending in one).
   */
  get endsInSoftmax(): boolean {
    return false;
  }

  /** Every option needed to re-create the layer, defaults filled in. */
  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.declaredInputShape ? { inputShape: [...this.declaredInputShape] } : {}),
    };
  }

  protected addWeight(name: string, spec: Omit<WeightSpec, 'initializer'> & { initializer: InitializerIdentifier }): LayerWeight {
    const w = new LayerWeight(`${this.name}/${name}`, { ...spec, initializer: getInitializer(spec.initializer, `${this.name}: ${name} initializer`) }, this);
    this.ownWeights.push(w);
    return w;
  }

  /** Weights of this layer and its sub-layers (nothing is allocated). */
  get weights(): readonly LayerWeight[] {
    return this.ownWeights;
  }

  get trainableWeights(): readonly LayerWeight[] {
    return this.weights.filter((w) => w.trainable);
  }

  get nonTrainableWeights(): readonly LayerWeight[] {
    return this.weights.filter((w) => !w.trainable);
  }

  /** Number of scalars in the weights, counted from shapes. */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Penalties of the weights' regularizers (scalars), for the training loss. */
  regularizationLosses(): Tensor[] {
    return this.weights.filter((w) => w.regularizer && w.trainable).map((w) => (w.regularizer as Regularizer).apply(w.value));
  }

  /** Allocates every weight that is not allocated yet. */
  allocateWeights(generator?: Generator): void {
    for (const w of this.weights) w.allocate(generator);
  }

  /** The weights' Variables (allocating them). */
  get variables(): Variable[] {
    return this.weights.map((w) => w.value);
  }

  /** Frees the weights' memory; using the layer afterwards is an error. */
  dispose(): void {
    for (const w of this.weights) w.dispose();
  }

  /** Checks input shape(s) against the layer's InputSpec; errors name the layer and shapes. */
  protected assertInputCompatible(inputShape: Shape | readonly Shape[]): void {
    checkInputSpec(this.label, this.inputSpec, inputShape);
  }

  /**
   * Builds the layer if needed, checks the input, then either computes (tensors) or records a
   * graph node and returns symbolic outputs (symbolic tensors).
   *
   * ```ts
   * const y = dense({ units: 3 }).apply(x);                 // eager
   * const h = dense({ units: 3 }).apply(input({ shape: [4] })); // symbolic
   * ```
   */
  apply(inputs: Tensor, options?: CallOptions): Tensor;
  apply(inputs: readonly Tensor[], options?: CallOptions): Tensor | Tensor[];
  apply(inputs: SymbolicTensor, options?: CallOptions): SymbolicTensor;
  apply(inputs: readonly SymbolicTensor[], options?: CallOptions): SymbolicTensor | SymbolicTensor[];
  apply(inputs: LayerInput, options?: CallOptions): Tensor | Tensor[];
  apply(inputs: SymbolicInput, options?: CallOptions): SymbolicTensor | SymbolicTensor[];
  apply(inputs: LayerInput | SymbolicInput, options: CallOptions = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    const list = (Array.isArray(inputs) ? inputs : [inputs]) as readonly unknown[];
    if (list.length === 0) fail(this.label, 'needs at least one input');
    const symbolic = list.map(isSymbolic);
    if (symbolic.some((s) => s)) {
      if (!symbolic.every((s) => s)) fail(this.label, 'cannot mix symbolic tensors and concrete tensors in one call');
      return this.applySymbolic(list as SymbolicTensor[], Array.isArray(inputs));
    }
    list.forEach((t, i) => {
      if (!isTensor(t)) fail(this.label, `input ${i} is not a tensor (got ${t === null ? 'null' : typeof t})`);
    });
    const tensors = list as Tensor[];
    const shapes: Shape[] = tensors.map((t) => (t.rank === 0 ? [] : [null, ...t.shape.slice(1)]));
    const shapeArg: Shape | readonly Shape[] = Array.isArray(inputs) ? shapes : shapes[0];
    if (!this.built) this.build(shapeArg);
    this.assertInputCompatible(Array.isArray(inputs) ? tensors.map((t) => t.shape) : tensors[0].shape);
    return this.call(Array.isArray(inputs) ? tensors : tensors[0], options);
  }

  private applySymbolic(inputs: SymbolicTensor[], asList: boolean): SymbolicTensor | SymbolicTensor[] {
    const shapes = inputs.map((s) => s.shape);
    const shapeArg: Shape | readonly Shape[] = asList ? shapes : shapes[0];
    if (!this.built) this.build(shapeArg);
    this.assertInputCompatible(shapeArg);
    const out = this.computeOutputShape(shapeArg);
    const outShapes = isShapeList(out) ? out : [out];
    const node = new Node(this, inputs, outShapes, inputs[0].dtype, asList);
    return isShapeList(out) ? node.outputs : node.outputs[0];
  }
}

/** The single tensor of a single-input layer's call. */
export function oneInput(layer: Layer, inputs: LayerInput): Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) fail(layer.label, `expects one input, got ${inputs.length}`);
    return inputs[0];
  }
  return inputs as Tensor;
}
