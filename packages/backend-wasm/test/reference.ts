// Naive reference loops (float64 accumulation) that the kernels are checked against.
import type { Conv2DInfo, Pool2DInfo } from '@tessera/tensor';

/** Visits every (n, oy, ox, ky, kx, iy, ix) with (iy, ix) inside the input. */
function forTaps(c: Conv2DInfo, f: (n: number, oy: number, ox: number, ky: number, kx: number, iy: number, ix: number) => void): void {
  for (let n = 0; n < c.batch; n++)
    for (let oy = 0; oy < c.outHeight; oy++)
      for (let ox = 0; ox < c.outWidth; ox++)
        for (let ky = 0; ky < c.filterHeight; ky++)
          for (let kx = 0; kx < c.filterWidth; kx++) {
            const iy = oy * c.strideHeight + ky * c.dilationHeight - c.padTop;
            const ix = ox * c.strideWidth + kx * c.dilationWidth - c.padLeft;
            if (iy >= 0 && ix >= 0 && iy < c.inHeight && ix < c.inWidth) f(n, oy, ox, ky, kx, iy, ix);
          }
}

const xi = (c: Conv2DInfo, n: number, y: number, x: number, ch: number) => ((n * c.inHeight + y) * c.inWidth + x) * c.inChannels + ch;
const yi = (c: Conv2DInfo, n: number, y: number, x: number, o: number) => ((n * c.outHeight + y) * c.outWidth + x) * c.outChannels + o;

export function conv2dRef(x: ArrayLike<number>, w: ArrayLike<number>, c: Conv2DInfo): Float64Array {
  const out = new Float64Array(c.batch * c.outHeight * c.outWidth * c.outChannels);
  const O = c.outChannels, C = c.inChannels;
  forTaps(c, (n, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < C; ch++)
      for (let o = 0; o < O; o++) out[yi(c, n, oy, ox, o)] += x[xi(c, n, iy, ix, ch)] * w[((ky * c.filterWidth + kx) * C + ch) * O + o];
  });
  return out;
}

export function conv2dBackpropInputRef(dy: ArrayLike<number>, w: ArrayLike<number>, c: Conv2DInfo): Float64Array {
  const dx = new Float64Array(c.batch * c.inHeight * c.inWidth * c.inChannels);
  const O = c.outChannels, C = c.inChannels;
  forTaps(c, (n, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < C; ch++)
      for (let o = 0; o < O; o++) dx[xi(c, n, iy, ix, ch)] += dy[yi(c, n, oy, ox, o)] * w[((ky * c.filterWidth + kx) * C + ch) * O + o];
  });
  return dx;
}

export function conv2dBackpropFilterRef(x: ArrayLike<number>, dy: ArrayLike<number>, c: Conv2DInfo): Float64Array {
  const dw = new Float64Array(c.filterHeight * c.filterWidth * c.inChannels * c.outChannels);
  const O = c.outChannels, C = c.inChannels;
  forTaps(c, (n, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < C; ch++)
      for (let o = 0; o < O; o++) dw[((ky * c.filterWidth + kx) * C + ch) * O + o] += x[xi(c, n, iy, ix, ch)] * dy[yi(c, n, oy, ox, o)];
  });
  return dw;
}

export function depthwiseRef(x: ArrayLike<number>, w: ArrayLike<number>, c: Conv2DInfo): Float64Array {
  const out = new Float64Array(c.batch * c.outHeight * c.outWidth * c.outChannels);
  const M = c.channelMultiplier, C = c.inChannels;
  forTaps(c, (n, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < C; ch++)
      for (let m = 0; m < M; m++) out[yi(c, n, oy, ox, ch * M + m)] += x[xi(c, n, iy, ix, ch)] * w[(ky * c.filterWidth + kx) * C * M + ch * M + m];
  });
  return out;
}

export function depthwiseBackpropInputRef(dy: ArrayLike<number>, w: ArrayLike<number>, c: Conv2DInfo): Float64Array {
  const dx = new Float64Array(c.batch * c.inHeight * c.inWidth * c.inChannels);
  const M = c.channelMultiplier, C = c.inChannels;
  forTaps(c, (n, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < C; ch++)
      for (let m = 0; m < M; m++) dx[xi(c, n, iy, ix, ch)] += dy[yi(c, n, oy, ox, ch * M + m)] * w[(ky * c.filterWidth + kx) * C * M + ch * M + m];
  });
  return dx;
}

export function depthwiseBackpropFilterRef(x: ArrayLike<number>, dy: ArrayLike<number>, c: Conv2DInfo): Float64Array {
  const dw = new Float64Array(c.filterHeight * c.filterWidth * c.inChannels * c.channelMultiplier);
  const M = c.channelMultiplier, C = c.inChannels;
  forTaps(c, (n, oy, ox, ky, kx, iy, ix) => {
    for (let ch = 0; ch < C; ch++)
      for (let m = 0; m < M; m++) dw[(ky * c.filterWidth + kx) * C * M + ch * M + m] += x[xi(c, n, iy, ix, ch)] * dy[yi(c, n, oy, ox, ch * M + m)];
  });
  return dw;
}

function forWindows(p: Pool2DInfo, f: (n: number, oy: number, ox: number, ch: number, cells: number[]) => void): void {
  const C = p.channels;
  for (let n = 0; n < p.batch; n++)
    for (let oy = 0; oy < p.outHeight; oy++)
      for (let ox = 0; ox < p.outWidth; ox++)
        for (let ch = 0; ch < C; ch++) {
          const cells: number[] = [];
          for (let ky = 0; ky < p.windowHeight; ky++)
            for (let kx = 0; kx < p.windowWidth; kx++) {
              const iy = oy * p.strideHeight + ky - p.padTop;
              const ix = ox * p.strideWidth + kx - p.padLeft;
              if (iy >= 0 && ix >= 0 && iy < p.inHeight && ix < p.inWidth) cells.push(((n * p.inHeight + iy) * p.inWidth + ix) * C + ch);
            }
          f(n, oy, ox, ch, cells);
        }
}

const pi = (p: Pool2DInfo, n: number, oy: number, ox: number, ch: number) => ((n * p.outHeight + oy) * p.outWidth + ox) * p.channels + ch;

export function poolRef(x: ArrayLike<number>, p: Pool2DInfo, avg: boolean): Float64Array {
  const out = new Float64Array(p.batch * p.outHeight * p.outWidth * p.channels);
  forWindows(p, (n, oy, ox, ch, cells) => {
    out[pi(p, n, oy, ox, ch)] = avg ? cells.reduce((s, i) => s + x[i], 0) / cells.length : Math.max(...cells.map((i) => x[i]));
  });
  return out;
}

export function maxPoolBackpropRef(dy: ArrayLike<number>, x: ArrayLike<number>, p: Pool2DInfo): Float64Array {
  const dx = new Float64Array(p.batch * p.inHeight * p.inWidth * p.channels);
  forWindows(p, (n, oy, ox, ch, cells) => {
    let best = cells[0];
    for (const i of cells) if (x[i] > x[best]) best = i;
    dx[best] += dy[pi(p, n, oy, ox, ch)];
  });
  return dx;
}

export function avgPoolBackpropRef(dy: ArrayLike<number>, p: Pool2DInfo): Float64Array {
  const dx = new Float64Array(p.batch * p.inHeight * p.inWidth * p.channels);
  forWindows(p, (n, oy, ox, ch, cells) => {
    for (const i of cells) dx[i] += dy[pi(p, n, oy, ox, ch)] / cells.length;
  });
  return dx;
}

/** Batched matmul with the Backend.matmul layout contract. */
export function matmulRef(a: ArrayLike<number>, aShape: readonly number[], b: ArrayLike<number>, bShape: readonly number[],
  ta: boolean, tb: boolean): { out: Float64Array; shape: number[] } {
  const [ba, a1, a2] = aShape;
  const [bb, b1, b2] = bShape;
  const m = ta ? a2 : a1, k = ta ? a1 : a2, n = tb ? b1 : b2;
  const batch = Math.max(ba, bb);
  const out = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++) {
    const ao = (ba === 1 ? 0 : t) * m * k, bo = (bb === 1 ? 0 : t) * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a[ao + (ta ? q * m + i : i * k + q)] * b[bo + (tb ? j * k + q : q * n + j)];
        out[(t * m + i) * n + j] = s;
      }
  }
  return { out, shape: [batch, m, n] };
}
