import { fail, type Tensor } from '@tessera/tensor';
import { InputLayer } from '../engine/input-layer.js';
import { Layer, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, isShapeList, single, type Shape } from '../engine/shape.js';
import { Model } from './model.js';

export interface SequentialConfig extends LayerArgs {
  /** The layers, applied in order; each has one input and one output. */
  readonly layers?: readonly Layer[];
}

/**
 * A plain stack of layers. When the first layer has `inputShape` (or the model has one) it is
 * built at once, so `summary()` works before any data is seen; otherwise on the first call.
 *
 * ```ts
 * const mlp = sequential({ layers: [
 *   dense({ units: 128, activation: 'relu', inputShape: [784] }),
 *   dense({ units: 10, activation: 'softmax' }),
 * ] });
 * ```
 */
export class Sequential extends Model {
  readonly className = 'Sequential';
  private readonly stack: Layer[] = [];
  private shapes: Shape[] = [];
  private inputShapeValue: Shape | null = null;

  constructor(config: SequentialConfig = {}) {
    super(config, 'Sequential');
    for (const layer of config.layers ?? []) this.add(layer);
    if (!this.built && this.batchInputShape) this.build(this.batchInputShape);
  }

  /** Appends a layer (building it at once when the model's input shape is known). */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) fail(this.label, `add expects a layer, got ${layer === null ? 'null' : typeof layer}`);
    if (layer instanceof InputLayer) fail(this.label, 'use inputShape on the first layer (or the model) instead of an InputLayer');
    this.stack.push(layer);
    if (this.built) {
      const out = layer.built ? this.checkBuilt(layer, this.shapes[this.shapes.length - 1]) : this.buildLayer(layer, this.shapes[this.shapes.length - 1]);
      this.shapes.push(out);
      this.checkNames();
    } else if (this.stack.length === 1 && layer.batchInputShape) {
      this.build(layer.batchInputShape);
    }
  }

  /** Removes the last layer. */
  pop(): Layer {
    const layer = this.stack.pop();
    if (!layer) fail(this.label, 'pop on an empty model');
    this.shapes.pop();
    return layer;
  }

  get layers(): readonly Layer[] {
    return this.stack;
  }

  get inputShapes(): readonly Shape[] {
    return this.inputShapeValue ? [this.inputShapeValue] : [];
  }

  get outputShapes(): readonly Shape[] {
    return this.built ? [this.shapes[this.shapes.length - 1] ?? this.inputShapeValue!] : [];
  }

  get outputNames(): readonly string[] {
    return this.stack.length ? [this.stack[this.stack.length - 1].name] : [this.name];
  }

  layerOutputShape(layer: Layer): Shape | null {
    const i = this.stack.indexOf(layer);
    return i >= 0 ? this.shapes[i] ?? null : null;
  }

  private buildLayer(layer: Layer, shape: Shape): Shape {
    layer.build(shape);
    return this.checkBuilt(layer, shape);
  }

  private checkBuilt(layer: Layer, shape: Shape): Shape {
    const out = layer.computeOutputShape(shape);
    if (isShapeList(out)) fail(this.label, `layer ${layer.name} has several outputs; use the functional API`);
    return out;
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    const shape = single(this.label, inputShape);
    if (this.stack.length === 0) fail(this.label, 'cannot build a model without layers');
    const first = this.stack[0].batchInputShape;
    if (first && (first.length !== shape.length || first.some((d, i) => i > 0 && d !== shape[i]))) {
      fail(this.label, `input shape ${fmt(shape)} does not match the first layer's inputShape ${fmt(first)}`);
    }
    this.inputShapeValue = [null, ...shape.slice(1)];
    this.shapes = [];
    let current: Shape = this.inputShapeValue;
    for (const layer of this.stack) {
      current = layer.built ? this.checkBuilt(layer, current) : this.buildLayer(layer, current);
      this.shapes.push(current);
    }
    this.setInputSpecFromShapes([this.inputShapeValue]);
    this.checkNames();
    super.build(inputShape);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    let current = single(this.label, inputShape);
    for (const layer of this.stack) current = this.checkBuilt(layer, current);
    return current;
  }

  override get endsInSoftmax(): boolean {
    return this.stack.length > 0 && this.stack[this.stack.length - 1].endsInSoftmax;
  }

  call(inputs: LayerInput, options: CallOptions): Tensor {
    const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : fail(this.label, `expects one input, got ${inputs.length}`)) : inputs as Tensor;
    let current = x;
    // Only the last layer may skip a final softmax.
    const inner = options.logits ? { ...options, logits: false } : options;
    for (const [i, layer] of this.stack.entries()) {
      const next = layer.apply(current, i === this.stack.length - 1 ? options : inner) as Tensor;
      // Intermediate activations are freed as soon as the next layer has consumed them.
      if (current !== x) current.dispose();
      current = next;
    }
    return current === x ? x.reshape(x.shape) : current;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      ...(this.inputShapeValue ? { inputShape: this.inputShapeValue.slice(1) } : {}),
      layers: this.stack.map((l) => ({ className: l.className, config: l.getConfig() })),
    };
  }
}

export function sequential(config: SequentialConfig | readonly Layer[] = {}): Sequential {
  return new Sequential(Array.isArray(config) ? { layers: config as readonly Layer[] } : config as SequentialConfig);
}
