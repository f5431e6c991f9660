import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import { Layer, oneInput, type CallOptions, type LayerArgs, type LayerInput } from '../engine/layer.js';
import { fmt, single, type Shape } from '../engine/shape.js';

type Pads = [[number, number], [number, number]];

export const ZERO_PADDING2D_DEFAULTS = {
  /** n (all sides), [h, w] (symmetric), or [[top, bottom], [left, right]]. */
  padding: 1 as number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]],
};

export interface ZeroPadding2DConfig extends LayerArgs, Partial<typeof ZERO_PADDING2D_DEFAULTS> {}

function resolve(op: string, p: unknown): Pads {
  const ok = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  if (ok(p)) return [[p as number, p as number], [p as number, p as number]];
  if (Array.isArray(p) && p.length === 2 && p.every(ok)) return [[p[0], p[0]], [p[1], p[1]]];
  if (Array.isArray(p) && p.length === 2 && p.every((q) => Array.isArray(q) && q.length === 2 && q.every(ok))) {
    return [[p[0][0], p[0][1]], [p[1][0], p[1][1]]];
  }
  return fail(op, `padding must be a non-negative integer, [h, w] or [[top, bottom], [left, right]], got ${JSON.stringify(p)}`);
}

/**
 * Pads an NHWC input with zero rows and columns.
 *
 * ```ts
 * zeroPadding2d({ padding: [[0, 1], [0, 1]] }).apply(x); // one row below, one column right
 * ```
 */
export class ZeroPadding2D extends Layer {
  readonly className = 'ZeroPadding2D';
  readonly padding: Pads;

  constructor(config: ZeroPadding2DConfig = {}) {
    super(config, 'ZeroPadding2D');
    this.padding = resolve(this.label, withDefaults('ZeroPadding2D', ZERO_PADDING2D_DEFAULTS, config).padding);
    this.inputSpec = { ndim: 4 };
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const s = single(this.label, inputShape);
    if (s.length !== 4) fail(this.label, `input must be NHWC [batch, height, width, channels], got shape ${fmt(s)}`);
    const [[t, b], [l, r]] = this.padding;
    return [s[0], s[1] === null ? null : s[1] + t + b, s[2] === null ? null : s[2] + l + r, s[3]];
  }

  call(inputs: LayerInput, _options: CallOptions): Tensor {
    return T.pad(oneInput(this, inputs), [[0, 0], this.padding[0], this.padding[1], [0, 0]]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]) };
  }
}

export function zeroPadding2d(config: ZeroPadding2DConfig = {}): ZeroPadding2D {
  return new ZeroPadding2D(config);
}
