import type { FusedActivation, TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { ACTIVATION_CODES } from './codes.js';
import { writeGeometry, type Geometry } from './geometry.js';

type T = TensorInfo<WasmBuffer>;

/** Output tiles per task (`TB` of rust/src/winograd.rs and winograd4.rs). */
const TB = 8;
/** Tiles per transform pass of the filter gradient (`SUB` of rust/src/winograd_dw.rs, winograd4_dw.rs). */
const SUB = { 2: 64, 4: 32 } as const;
/** Floats of padding after each transform point's block of its scratch (`PAD` of winograd4.rs, winograd_dw.rs, winograd4_dw.rs). */
const PAD = 16;
/** The filter gradient's tile chunks (one partial sum each): at most this many. */
const MAX_CHUNKS = 16;
/** Below this many products (tiles x C x O), the transforms cost more than they save. */
const MIN_WORK = 1 << 16;

/**
 * Whether a 3x3, stride-1, undilated correlation with C inputs and O outputs channels runs by
 * Winograd (tile size: `winogradTile`): channel counts must be multiples of 4, C at most 512
 * (one K block).
 */
export function winogradFits(c: number, o: number, g: Geometry, maxC = 512): boolean {
  const tiles = g.batch * Math.ceil(g.outH / 2) * Math.ceil(g.outW / 2);
  return g.kH === 3 && g.kW === 3 && g.sH === 1 && g.sW === 1 && g.dH === 1 && g.dW === 1
    && c % 4 === 0 && o % 4 === 0 && c >= 8 && c <= maxC && tiles * c * o >= MIN_WORK;
}

/**
 * The output tile of the Winograd transform for a correlation with geometry `g`: 4 (F(4x4, 3x3),
 * rust/src/winograd4.rs) when its 36 products per 4x4 tile are less work than F(2x2, 3x3)'s 16 per
 * 2x2 tile once partial edge tiles are counted, else 2.
 */
export function winogradTile(g: Geometry): 2 | 4 {
  const work = (m: number, points: number) => points * Math.ceil(g.outH / m) * Math.ceil(g.outW / m);
  return work(4, 36) < work(2, 16) ? 4 : 2;
}

/**
 * out = act(correlate(x, filter) + bias) by Winograd F(2x2, 3x3) or F(4x4, 3x3)
 * (rust/src/winograd.rs, winograd4.rs; see `winogradTile`). `flip`
 * correlates with the filter flipped and in/out-swapped (the stride-1 input gradient). `g` is
 * the correlation's geometry: x is `[batch, inH, inW, inC]`, out `[batch, outH, outW, o]`.
 */
export function winograd(ctx: KernelContext, x: T, filter: T, out: WasmBuffer, g: Geometry, o: number,
  flip: boolean, bias?: T, activation: FusedActivation = 'linear'): void {
  const { rt } = ctx;
  const c = g.inC;
  const o8 = Math.ceil(o / 8) * 8;
  const large = winogradTile(g) === 4;
  // Per thread: transformed tiles, their products and a junk row for pixels past the output's edge.
  const u = large
    ? rt.scratch('conv2d', 36 * o8 * c * 4, (36 * (TB * (c + o8) + 2 * PAD) + o8) * 4)
    : rt.scratch('conv2d', 16 * o8 * c * 4, (16 * TB * (c + o8) + o8) * 4);
  const w = rt.args();
  const a = rt.argBase;
  w[a] = x.buffer.ptr;
  w[a + 1] = filter.buffer.ptr;
  w[a + 2] = out.ptr;
  w[a + 3] = bias ? bias.buffer.ptr : 0;
  w[a + 4] = ACTIVATION_CODES[activation];
  w[a + 5] = flip ? 1 : 0;
  w[a + 6] = o;
  w[a + 7] = u;
  w[a + 42] = 0;
  writeGeometry(rt, g);
  rt.run(large ? 'conv_winograd4' : 'conv_winograd', true);
}

/**
 * The filter gradient dW `[3, 3, C, O]` of a 3x3 stride-1 convolution with geometry `g` (x is
 * `[batch, inH, inW, C]`, dy `[batch, outH, outW, O]`) by Winograd over 2x2 or 4x4 dy tiles,
 * as `winogradTile` picks for the forward (rust/src/winograd_dw.rs, winograd4_dw.rs). Tiles are
 * summed in chunks fixed by the shapes.
 */
export function winogradFilterGrad(ctx: KernelContext, x: T, dy: T, dw: WasmBuffer, g: Geometry, o: number): void {
  const { rt } = ctx;
  const c = g.inC;
  const o8 = Math.ceil(o / 8) * 8;
  const m = winogradTile(g);
  const points = (m + 2) ** 2;
  const sub = SUB[m];
  const tiles = g.batch * Math.ceil(g.outH / m) * Math.ceil(g.outW / m);
  const chunk = sub * Math.ceil(Math.ceil(tiles / sub) / MAX_CHUNKS);
  // Per thread: transformed patches and dy tiles, and a zero row.
  const partials = rt.scratch('conv2dBackpropFilter', Math.ceil(tiles / chunk) * points * c * o8 * 4,
    (points * (sub * (c + o8) + 2 * PAD) + Math.max(c, o8)) * 4);
  const w = rt.args();
  const a = rt.argBase;
  w[a] = x.buffer.ptr;
  w[a + 1] = dy.buffer.ptr;
  w[a + 2] = dw.ptr;
  w[a + 3] = o;
  w[a + 4] = partials;
  w[a + 5] = chunk;
  w[a + 42] = 0;
  writeGeometry(rt, g);
  rt.run(m === 4 ? 'conv_winograd4_dw' : 'conv_winograd_dw', true);
}
