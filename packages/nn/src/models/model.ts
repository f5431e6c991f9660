import { fail, fmtShape, type Tensor } from '@tessera/tensor';
import type { Optimizer } from '@tessera/optim';
import { Layer, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import type { Shape } from '../engine/shape.js';
import type { LayerWeight } from '../engine/weight.js';
import { compileModel, type CompileArgs, type CompiledState } from '../training/compile.js';
import { evaluateModel, type EvaluateArgs } from '../training/evaluate.js';
import { fitModel, type FitArgs, type FitData } from '../training/fit.js';
import type { History } from '../training/history.js';
import { predictModel, type PredictArgs } from '../training/predict.js';
import { formatSummary, type SummaryOptions } from './summary.js';

/**
 * What sequential and functional models share: layers and weights, compile / fit / evaluate /
 * predict, summary, and weight access. A model is itself a layer, so it can be nested.
 */
export abstract class Model extends Layer {
  /** Set by a callback (early stopping) to end fit after the current epoch. */
  stopTraining = false;
  /** @internal Optimizer, losses and metrics from `compile`. */
  compiled: CompiledState | null = null;

  constructor(args: LayerArgs, className: string) {
    super(args, className);
  }

  /** Layers in execution order (input layers included for functional models). */
  abstract get layers(): readonly Layer[];

  /** Input shapes (batch null); empty before a sequential model without inputShape is built. */
  abstract get inputShapes(): readonly Shape[];

  abstract get outputShapes(): readonly Shape[];

  /** Names of the outputs (their layers), used to label per-output losses and metrics. */
  abstract get outputNames(): readonly string[];

  /** A built single-input model used as the first layer of a sequential model defines its input. */
  override get batchInputShape(): Shape | null {
    return super.batchInputShape ?? (this.built && this.inputShapes.length === 1 ? this.inputShapes[0] : null);
  }

  /** Output shape of one layer inside this model, for summaries. */
  abstract layerOutputShape(layer: Layer): Shape | readonly Shape[] | null;

  /** Rows of "connected to" for the summary (functional models). */
  connectionsOf(_layer: Layer): string[] | null {
    return null;
  }

  override get trainable(): boolean {
    return this.trainableFlag;
  }

  /** Freezing or unfreezing a model does the same to every layer inside it. */
  override set trainable(value: boolean) {
    this.trainableFlag = value;
    for (const layer of this.layers) layer.trainable = value;
  }

  override get weights(): readonly LayerWeight[] {
    const seen = new Set<LayerWeight>();
    for (const layer of this.layers) for (const w of layer.weights) seen.add(w);
    return [...seen];
  }

  override get trainableWeights(): readonly LayerWeight[] {
    if (!this.trainable) return [];
    const seen = new Set<LayerWeight>();
    for (const layer of this.layers) for (const w of layer.trainableWeights) seen.add(w);
    return [...seen];
  }

  override get nonTrainableWeights(): readonly LayerWeight[] {
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((w) => !trainable.has(w));
  }

  override regularizationLosses(): Tensor[] {
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((w) => w.regularizer && trainable.has(w)).map((w) => w.regularizer!.apply(w.value));
  }

  /** Throws when two layers share a name or two weights share a name (optimizer state and files are keyed by it). */
  protected checkNames(): void {
    const layerNames = new Set<string>();
    for (const layer of this.layers) {
      if (layerNames.has(layer.name)) fail(this.label, `two layers are named "${layer.name}"; layer names must be unique in a model`);
      layerNames.add(layer.name);
    }
    const weightNames = new Set<string>();
    for (const w of this.weights) {
      if (weightNames.has(w.name)) fail(this.label, `two weights are named "${w.name}"; give the layers distinct names`);
      weightNames.add(w.name);
    }
  }

  getLayer(name: string): Layer {
    const found = this.layers.find((l) => l.name === name);
    if (!found) fail(this.label, `no layer named "${name}" (layers: ${this.layers.map((l) => l.name).join(', ')})`);
    return found;
  }

  /** Copies of every weight, in `weights` order (the caller disposes them). */
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.value.clone());
  }

  /** Replaces every weight, in `weights` order; shapes must match. */
  setWeights(values: readonly Tensor[]): void {
    const weights = this.weights;
    if (values.length !== weights.length) fail('setWeights', `${this.label} has ${weights.length} weights, got ${values.length} tensors`);
    weights.forEach((w, i) => {
      const v = values[i];
      if (v.shape.length !== w.shape.length || v.shape.some((d, k) => d !== w.shape[k])) {
        fail('setWeights', `weight ${w.name} has shape ${fmtShape(w.shape)}, got ${fmtShape(v.shape)}`);
      }
    });
    weights.forEach((w, i) => w.assign(values[i]));
  }

  /**
   * A table of layers, output shapes and parameter counts, with trainable and non-trainable
   * totals. Counts come from the weight shapes, so nothing is allocated.
   *
   * ```ts
   * console.log(model.summary());
   * ```
   */
  summary(options: SummaryOptions = {}): string {
    return formatSummary(this, options);
  }

  /** Sets the optimizer, loss(es) and metrics used by fit and evaluate. */
  compile(args: CompileArgs): void {
    this.compiled?.dispose();
    this.compiled = compileModel(this, args);
  }

  /** The compiled optimizer. */
  get optimizer(): Optimizer {
    if (!this.compiled) fail(this.label, 'the model is not compiled: call model.compile({ optimizer, loss }) first');
    return this.compiled.optimizer;
  }

  /**
   * Trains the model on tensors (`fit(x, y, options)`) or on a dataset of `{ xs, ys }` batches
   * (`fit(dataset, options)`); returns the history of the logged losses and metrics.
   */
  fit(x: FitData['x'], y: FitData['y'], args?: FitArgs): Promise<History>;
  fit(dataset: AsyncIterable<{ xs: Tensor | Tensor[]; ys: Tensor | Tensor[] }>, args?: FitArgs): Promise<History>;
  fit(a: unknown, b?: unknown, c?: unknown): Promise<History> {
    return fitModel(this, a, b, c);
  }

  /** Loss and metrics on data, without training (`{ loss, accuracy, ... }`). */
  evaluate(x: FitData['x'], y: FitData['y'], args?: EvaluateArgs): Promise<Record<string, number>>;
  evaluate(dataset: AsyncIterable<{ xs: Tensor | Tensor[]; ys: Tensor | Tensor[] }>, args?: EvaluateArgs): Promise<Record<string, number>>;
  evaluate(a: unknown, b?: unknown, c?: unknown): Promise<Record<string, number>> {
    return evaluateModel(this, a, b, c);
  }

  /** Outputs for `x` in inference mode, computed in batches. */
  predict(x: Tensor | readonly Tensor[], args: PredictArgs = {}): Tensor | Tensor[] {
    return predictModel(this, x, args);
  }

  /** Frees the weights, and the optimizer state when compile created the optimizer. */
  override dispose(): void {
    for (const w of this.weights) w.dispose();
    this.compiled?.dispose();
    this.compiled = null;
  }

  /** Input checks of a model: one spec per input, built from its input shapes. */
  protected setInputSpecFromShapes(shapes: readonly Shape[]): void {
    this.inputSpec = shapes.map((s) => {
      const axes: Record<number, number> = {};
      s.forEach((d, i) => { if (i > 0 && d !== null) axes[i] = d; });
      return { ndim: s.length, axes };
    });
  }

  abstract override call(inputs: LayerInput, options: CallOptions): Tensor | Tensor[];
}
