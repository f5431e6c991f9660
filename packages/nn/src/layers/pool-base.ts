import { fail, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, pair, single, type Shape } from '../engine/shape.js';
import { checkPadding, serializePadding, windowOutputSize, type ConvPadding } from './conv-utils.js';

export const POOL2D_DEFAULTS = {
  /** Window size: a number or [height, width]. */
  poolSize: 2 as number | readonly [number, number],
  /** Step of the window; null means the pool size (Keras). */
  strides: null as number | readonly [number, number] | null,
  /** 'valid', 'same' (padded cells never count), or explicit torch-style padding. */
  padding: 'valid' as ConvPadding,
};

export interface Pool2DConfig extends LayerArgs, Partial<typeof POOL2D_DEFAULTS> {}

/** Shared shape logic of the windowed pooling layers. */
export abstract class Pool2D extends Layer {
  protected readonly poolSize: [number, number];
  protected readonly strides: [number, number];
  protected readonly padding: ConvPadding;

  constructor(config: Pool2DConfig, className: string) {
    super(config, className);
    const c = withDefaults(className, POOL2D_DEFAULTS, config);
    this.poolSize = pair(this.label, 'poolSize', c.poolSize);
    this.strides = pair(this.label, 'strides', c.strides ?? this.poolSize);
    this.padding = checkPadding(this.label, c.padding);
    this.inputSpec = { ndim: 4 };
  }

  protected abstract pool(x: Tensor): Tensor;

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = single(this.label, inputShape);
    if (shape.length !== 4) fail(this.label, `input must be NHWC [batch, height, width, channels], got shape ${fmt(shape)}`);
    const h = windowOutputSize(this.label, shape, 0, this.poolSize[0], this.strides[0], 1, this.padding);
    const w = windowOutputSize(this.label, shape, 1, this.poolSize[1], this.strides[1], 1, this.padding);
    return [shape[0], h, w, shape[3]];
  }

  override build(inputShape: Shape | readonly Shape[]): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    return this.pool(oneInput(this, inputs));
  }

  protected get poolOptions() {
    return { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: [...this.poolSize], strides: [...this.strides], padding: serializePadding(this.padding) };
  }
}
