import type { Conv2DInfo, Pool2DInfo } from '@tessera/tensor';
import type { Runtime } from '../runtime/runtime.js';

/** Argument slot of the convolution geometry (rust/src/gemm.rs `at::GEOM`). */
export const GEOM = 24;
export const MULTIPLIER = 38;

/** An implicit im2col operand's geometry: the "input" image and the output grid it is read on. */
export interface Geometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  sH: number;
  sW: number;
  dH: number;
  dW: number;
  padT: number;
  padL: number;
}

export function convGeometry(c: Conv2DInfo): Geometry {
  return {
    batch: c.batch, inH: c.inHeight, inW: c.inWidth, inC: c.inChannels, outH: c.outHeight, outW: c.outWidth,
    kH: c.filterHeight, kW: c.filterWidth, sH: c.strideHeight, sW: c.strideWidth,
    dH: c.dilationHeight, dW: c.dilationWidth, padT: c.padTop, padL: c.padLeft,
  };
}

export function poolGeometry(p: Pool2DInfo): Geometry {
  return {
    batch: p.batch, inH: p.inHeight, inW: p.inWidth, inC: p.channels, outH: p.outHeight, outW: p.outWidth,
    kH: p.windowHeight, kW: p.windowWidth, sH: p.strideHeight, sW: p.strideWidth, dH: 1, dW: 1,
    padT: p.padTop, padL: p.padLeft,
  };
}

export function writeGeometry(rt: Runtime, g: Geometry): void {
  const w = rt.args();
  const a = rt.argBase + GEOM;
  w[a] = g.batch;
  w[a + 1] = g.inH;
  w[a + 2] = g.inW;
  w[a + 3] = g.inC;
  w[a + 4] = g.outH;
  w[a + 5] = g.outW;
  w[a + 6] = g.kH;
  w[a + 7] = g.kW;
  w[a + 8] = g.sH;
  w[a + 9] = g.sW;
  w[a + 10] = g.dH;
  w[a + 11] = g.dW;
  w[a + 12] = g.padT;
  w[a + 13] = g.padL;
}
