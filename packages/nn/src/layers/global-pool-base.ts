import { fail, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, single, type Shape } from '../engine/shape.js';

export const GLOBAL_POOL2D_DEFAULTS = {
  /** Keep H and W as size-1 axes (`[N, 1, 1, C]`) instead of `[N, C]`. */
  keepDims: false,
};

export interface GlobalPool2DConfig extends LayerArgs, Partial<typeof GLOBAL_POOL2D_DEFAULTS> {}

/** Shared shape logic of the global pooling layers. */
export abstract class GlobalPool2D extends Layer {
  protected readonly keepDims: boolean;

  constructor(config: GlobalPool2DConfig, className: string) {
    super(config, className);
    this.keepDims = withDefaults(className, GLOBAL_POOL2D_DEFAULTS, config).keepDims;
    this.inputSpec = { ndim: 4 };
  }

  protected abstract reduce(x: Tensor): Tensor;

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shape = single(this.label, inputShape);
    if (shape.length !== 4) fail(this.label, `input must be NHWC [batch, height, width, channels], got shape ${fmt(shape)}`);
    return this.keepDims ? [shape[0], 1, 1, shape[3]] : [shape[0], shape[3]];
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    const y = this.reduce(oneInput(this, inputs));
    if (!this.keepDims) return y;
    const out = y.reshape([y.shape[0], 1, 1, y.shape[1]]);
    y.dispose();
    return out;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepDims: this.keepDims };
  }
}
