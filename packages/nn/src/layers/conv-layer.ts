import { fail } from '@tessera/tensor';
import type { LayerArgs } from '../engine/layer.js';
import { fmt, pair, single, type Shape } from '../engine/shape.js';
import { checkPadding, checkStridesDilation, serializePadding, windowOutputSize, type ConvPadding } from './conv-utils.js';
import { KernelLayer, type KernelLayerOptions, type WeightPrefix } from './kernel-layer.js';

export interface ConvLayerOptions extends KernelLayerOptions {
  readonly kernelSize: number | readonly [number, number];
  readonly strides: number | readonly [number, number];
  readonly padding: ConvPadding;
  readonly dilationRate?: number | readonly [number, number];
}

/**
 * The window geometry every NHWC convolution layer parses, checks and serializes the same way.
 * Layers without dilation (conv2dTranspose) and without explicit padding say so in `window`.
 */
export abstract class ConvLayer<C extends ConvLayerOptions> extends KernelLayer<C> {
  protected readonly kernelSize: [number, number];
  protected readonly strides: [number, number];
  protected readonly dilation: [number, number];
  protected readonly padding: ConvPadding;

  constructor(className: string, defaults: object, config: LayerArgs, required: readonly string[], prefixes: readonly WeightPrefix[],
    private readonly window = { dilation: true, explicitPadding: true }) {
    super(className, defaults, config, [...required, 'kernelSize'], prefixes);
    const c = this.config;
    this.kernelSize = pair(this.label, 'kernelSize', c.kernelSize);
    this.strides = pair(this.label, 'strides', c.strides);
    this.dilation = window.dilation ? pair(this.label, 'dilationRate', c.dilationRate ?? 1) : [1, 1];
    checkStridesDilation(this.label, this.strides, this.dilation);
    this.padding = checkPadding(this.label, c.padding, window.explicitPadding);
  }

  /** The input shape, checked to be NHWC; `channels` also requires the channel count to be known. */
  protected nhwc(inputShape: Shape | readonly Shape[], channels: boolean): Shape {
    const shape = single(this.label, inputShape);
    if (shape.length !== 4 || (channels && shape[3] === null)) {
      fail(this.label, `input must be NHWC [batch, height, width, channels]${channels ? ' with known channels' : ''}, got shape ${fmt(shape)}`);
    }
    return shape;
  }

  /** `[batch, outHeight, outWidth, channels]` of a forward (not transposed) window. */
  protected windowedShape(shape: Shape, channels: number | null): Shape {
    const [kh, kw] = this.kernelSize, [sh, sw] = this.strides, [dh, dw] = this.dilation;
    const h = windowOutputSize(this.label, shape, 0, kh, sh, dh, this.padding);
    const w = windowOutputSize(this.label, shape, 1, kw, sw, dw, this.padding);
    return [shape[0], h, w, channels];
  }

  /** Marks the layer built for inputs with `channels` channels. */
  protected finishBuild(inputShape: Shape | readonly Shape[], channels: number): void {
    this.inputSpec = { ndim: 4, axes: { [-1]: channels } };
    super.build(inputShape);
  }

  /** The window options in Keras' order, then the weight options. */
  protected convOptions(own: Record<string, unknown>): Record<string, unknown> {
    return {
      ...super.getConfig(),
      ...own,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: serializePadding(this.padding),
      ...(this.window.dilation ? { dilationRate: [...this.dilation] } : {}),
      ...this.weightOptions(),
    };
  }
}
