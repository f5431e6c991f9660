import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { deviceBytes, main1d } from './common.js';

const LAYOUT = uniformLayout({ size: 'u32', blocks: 'u32', k0: 'u32', k1: 'u32', c: ['u32', 4] });

/**
 * Philox4x32-10, bit-identical to the core's generator. WGSL has no 32x32->64 multiply, so the
 * high word is assembled from four 16x16 partial products (each exact in u32); the low word is
 * the wrapping u32 product.
 */
const PHILOX = `
fn mulhi(a: u32, b: u32) -> u32 {
  let al = a & 0xffffu; let ah = a >> 16u; let bl = b & 0xffffu; let bh = b >> 16u;
  let ll = al * bl; let lh = al * bh; let hl = ah * bl; let hh = ah * bh;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}
fn philox(key: vec2<u32>, counter: vec4<u32>) -> vec4<u32> {
  var x = counter;
  var k = key;
  for (var round = 0u; round < 10u; round++) {
    if (round > 0u) { k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u); }
    let hi0 = mulhi(0xd2511f53u, x.x); let lo0 = 0xd2511f53u * x.x;
    let hi1 = mulhi(0xcd9e8d57u, x.z); let lo1 = 0xcd9e8d57u * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ k.x, lo1, hi0 ^ x.w ^ k.y, lo0);
  }
  return x;
}
/** 128-bit counter + j, carrying through all four words. */
fn advance(c: vec4<u32>, j: u32) -> vec4<u32> {
  let w0 = c.x + j;
  let c1 = u32(w0 < j);
  let w1 = c.y + c1;
  let c2 = u32(w1 < c1);
  let w2 = c.z + c2;
  let c3 = u32(w2 < c2);
  return vec4<u32>(w0, w1, w2, c.w + c3);
}`;

export function randomUniform(rt: GPURuntime, size: number, key: readonly [number, number],
  counter: readonly [number, number, number, number]): GPUTensorBuffer {
  const out = rt.allocate(deviceBytes(size));
  if (size === 0) return out;
  const blocks = Math.ceil(size / 4);
  rt.run('random-uniform', () => `${LAYOUT.wgsl}
${PHILOX}
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
${main1d('p_blocks()')}
  let c = vec4<u32>(p_c(0u), p_c(1u), p_c(2u), p_c(3u));
  let words = philox(vec2<u32>(p_k0(), p_k1()), advance(c, i));
  for (var w = 0u; w < 4u; w++) {
    let at = i * 4u + w;
    if (at < p_size()) { Y[at] = f32(words[w] >> 8u) * (1.0 / 16777216.0); }
  }
}`, [out], LAYOUT.pack({ size, blocks, k0: key[0] >>> 0, k1: key[1] >>> 0, c: counter.map((v) => v >>> 0) }),
  rt.groupsFor(blocks));
  return out;
}
