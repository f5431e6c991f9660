import * as T from '@tessera/tensor';
import { fail, type Tensor } from '@tessera/tensor';
import { withDefaults } from '../engine/config.js';
import type { LayerArgs } from '../engine/layer.js';
import { MergeLayer } from './merge-base.js';
import { fmt, list, type Shape } from '../engine/shape.js';

export const CONCATENATE_DEFAULTS = {
  /** Axis to join along (negative counts from the end); never the batch axis. */
  axis: -1,
};

export interface ConcatenateConfig extends LayerArgs, Partial<typeof CONCATENATE_DEFAULTS> {}

/**
 * Joins tensors along an axis (inception branches, U-Net skip connections).
 *
 * ```ts
 * concatenate().apply([a, b]); // [N, H, W, Ca + Cb]
 * ```
 */
export class Concatenate extends MergeLayer {
  readonly className = 'Concatenate';
  readonly axis: number;

  constructor(config: ConcatenateConfig = {}) {
    super(config, 'Concatenate');
    this.axis = withDefaults('Concatenate', CONCATENATE_DEFAULTS, config).axis;
    if (!Number.isInteger(this.axis)) fail(this.label, `axis must be an integer, got ${JSON.stringify(this.axis)}`);
  }

  computeOutputShape(inputShape: Shape | readonly Shape[]): Shape {
    const shapes = list(this.label, inputShape);
    if (shapes.length < 2) fail(this.label, `needs at least 2 inputs, got ${shapes.length}`);
    const rank = shapes[0].length;
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    if (axis < 1 || axis >= rank) fail(this.label, `axis ${this.axis} is out of range (or the batch axis) for inputs of rank ${rank}`);
    const out = [...shapes[0]];
    for (const s of shapes.slice(1)) {
      const bad = s.length !== rank || s.some((d, i) => i !== axis && d !== null && out[i] !== null && d !== out[i]);
      if (bad) fail(this.label, `inputs must match on every axis but ${this.axis}, got ${shapes.map(fmt).join(' and ')}`);
      out[axis] = out[axis] === null || s[axis] === null ? null : out[axis]! + s[axis]!;
    }
    return out;
  }

  protected merge(xs: readonly Tensor[]): Tensor {
    return T.concat(xs, this.axis);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

export function concatenate(config: ConcatenateConfig = {}): Concatenate {
  return new Concatenate(config);
}
