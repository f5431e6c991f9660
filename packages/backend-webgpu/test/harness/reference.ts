import type { Conv2DInfo, Pool2DInfo } from '@tessera/tensor';

/** Naive float64 reference loops the GPU kernels are checked against. */

export function matmulRef(a: Float32Array, b: Float32Array, batchA: number, batchB: number, M: number, N: number, K: number,
  tA: boolean, tB: boolean): Float64Array {
  const batch = Math.max(batchA, batchB);
  const out = new Float64Array(batch * M * N);
  for (let z = 0; z < batch; z++) {
    const oa = (batchA === 1 ? 0 : z) * M * K, ob = (batchB === 1 ? 0 : z) * K * N;
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let acc = 0;
        for (let k = 0; k < K; k++) {
          acc += a[oa + (tA ? k * M + m : m * K + k)] * b[ob + (tB ? n * K + k : k * N + n)];
        }
        out[(z * M + m) * N + n] = acc;
      }
    }
  }
  return out;
}

export function convGeometry(batch: number, H: number, W: number, C: number, O: number, kh: number, kw: number,
  opts: { stride?: [number, number]; dilation?: [number, number]; pad?: [number, number, number, number]; mult?: number } = {}): Conv2DInfo {
  const [sh, sw] = opts.stride ?? [1, 1];
  const [dh, dw] = opts.dilation ?? [1, 1];
  const [pt, pb, pl, pr] = opts.pad ?? [0, 0, 0, 0];
  const mult = opts.mult ?? 1;
  const outHeight = Math.floor((H + pt + pb - ((kh - 1) * dh + 1)) / sh) + 1;
  const outWidth = Math.floor((W + pl + pr - ((kw - 1) * dw + 1)) / sw) + 1;
  return {
    batch, inHeight: H, inWidth: W, inChannels: C, outHeight, outWidth, outChannels: opts.mult ? C * mult : O,
    filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw,
    padTop: pt, padBottom: pb, padLeft: pl, padRight: pr, channelMultiplier: mult,
  };
}

/** Visits every (output, tap, channel) triple of a conv: f(xIndex, wIndex, yIndex). */
function convVisit(c: Conv2DInfo, depthwise: boolean, f: (xi: number, wi: number, yi: number) => void): void {
  const O = c.outChannels;
  for (let b = 0; b < c.batch; b++) for (let oy = 0; oy < c.outHeight; oy++) for (let ox = 0; ox < c.outWidth; ox++) {
    for (let ky = 0; ky < c.filterHeight; ky++) for (let kx = 0; kx < c.filterWidth; kx++) {
      const iy = oy * c.strideHeight + ky * c.dilationHeight - c.padTop;
      const ix = ox * c.strideWidth + kx * c.dilationWidth - c.padLeft;
      if (iy < 0 || iy >= c.inHeight || ix < 0 || ix >= c.inWidth) continue;
      const yBase = ((b * c.outHeight + oy) * c.outWidth + ox) * O;
      const xBase = ((b * c.inHeight + iy) * c.inWidth + ix) * c.inChannels;
      const tap = ky * c.filterWidth + kx;
      if (depthwise) {
        for (let q = 0; q < O; q++) f(xBase + Math.floor(q / c.channelMultiplier), tap * O + q, yBase + q);
      } else {
        for (let ci = 0; ci < c.inChannels; ci++) for (let o = 0; o < O; o++) f(xBase + ci, (tap * c.inChannels + ci) * O + o, yBase + o);
      }
    }
  }
}

export function convRef(x: Float32Array, w: Float32Array, c: Conv2DInfo, depthwise = false): Float64Array {
  const y = new Float64Array(c.batch * c.outHeight * c.outWidth * c.outChannels);
  convVisit(c, depthwise, (xi, wi, yi) => { y[yi] += x[xi] * w[wi]; });
  return y;
}

export function convDxRef(dy: Float32Array, w: Float32Array, c: Conv2DInfo, depthwise = false): Float64Array {
  const dx = new Float64Array(c.batch * c.inHeight * c.inWidth * c.inChannels);
  convVisit(c, depthwise, (xi, wi, yi) => { dx[xi] += dy[yi] * w[wi]; });
  return dx;
}

export function convDwRef(x: Float32Array, dy: Float32Array, c: Conv2DInfo, depthwise = false): Float64Array {
  const size = c.filterHeight * c.filterWidth * (depthwise ? c.outChannels : c.inChannels * c.outChannels);
  const dw = new Float64Array(size);
  convVisit(c, depthwise, (xi, wi, yi) => { dw[wi] += x[xi] * dy[yi]; });
  return dw;
}

export function poolGeometry(batch: number, H: number, W: number, C: number, kh: number, kw: number, sh: number, sw: number,
  pad: [number, number, number, number] = [0, 0, 0, 0]): Pool2DInfo {
  const [pt, pb, pl, pr] = pad;
  return {
    batch, inHeight: H, inWidth: W, channels: C, windowHeight: kh, windowWidth: kw, strideHeight: sh, strideWidth: sw,
    outHeight: Math.floor((H + pt + pb - kh) / sh) + 1, outWidth: Math.floor((W + pl + pr - kw) / sw) + 1,
    padTop: pt, padBottom: pb, padLeft: pl, padRight: pr,
  };
}

/** Windows of a pool as lists of input indices (padding excluded), in row-major order. */
function windows(p: Pool2DInfo, f: (yi: number, cells: number[]) => void): void {
  for (let b = 0; b < p.batch; b++) for (let oy = 0; oy < p.outHeight; oy++) for (let ox = 0; ox < p.outWidth; ox++) {
    for (let ch = 0; ch < p.channels; ch++) {
      const cells: number[] = [];
      for (let ky = 0; ky < p.windowHeight; ky++) for (let kx = 0; kx < p.windowWidth; kx++) {
        const iy = oy * p.strideHeight + ky - p.padTop, ix = ox * p.strideWidth + kx - p.padLeft;
        if (iy >= 0 && iy < p.inHeight && ix >= 0 && ix < p.inWidth) cells.push(((b * p.inHeight + iy) * p.inWidth + ix) * p.channels + ch);
      }
      f(((b * p.outHeight + oy) * p.outWidth + ox) * p.channels + ch, cells);
    }
  }
}

export function poolRef(x: Float32Array, p: Pool2DInfo, kind: 'max' | 'avg'): Float64Array {
  const y = new Float64Array(p.batch * p.outHeight * p.outWidth * p.channels);
  windows(p, (yi, cells) => {
    y[yi] = kind === 'max' ? Math.max(...cells.map((i) => x[i])) : cells.reduce((s, i) => s + x[i], 0) / cells.length;
  });
  return y;
}

export function poolBackpropRef(dy: Float32Array, x: Float32Array, p: Pool2DInfo, kind: 'max' | 'avg'): Float64Array {
  const dx = new Float64Array(p.batch * p.inHeight * p.inWidth * p.channels);
  windows(p, (yi, cells) => {
    if (kind === 'avg') { for (const i of cells) dx[i] += dy[yi] / cells.length; return; }
    let best = cells[0];
    for (const i of cells) if (x[i] > x[best]) best = i;
    dx[best] += dy[yi];
  });
  return dx;
}
