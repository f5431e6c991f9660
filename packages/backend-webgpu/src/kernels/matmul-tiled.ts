import type { FusedActivation } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { activationFunction } from './activation.js';
import type { MatmulArgs } from './matmul.js';

const LAYOUT = uniformLayout({
  M: 'u32', N: 'u32', K: 'u32', strideA: 'u32', strideB: 'u32', batchBase: 'u32', yBase: 'u32',
});
const T = 16;

/**
 * Classic shared-memory tiling: a 16x16 workgroup stages 16x16 tiles of A and B in workgroup
 * memory, so each global value is read once per tile instead of once per thread. Real GPUs
 * reward this; CPU adapters emulate the barriers and prefer the register-blocked kernel.
 */
export function matmulTiled(rt: GPURuntime, args: MatmulArgs, out: GPUTensorBuffer,
  d: { M: number; N: number; K: number; batchA: number; batchB: number; batch: number }): GPUTensorBuffer {
  const tA = args.options.transposeA, tB = args.options.transposeB;
  const hasBias = args.bias !== undefined;
  const key = `matmul-tiled:${tA ? 1 : 0}${tB ? 1 : 0}:${hasBias ? 'b' : ''}:${args.activation}`;
  const buffers = [args.a.buffer, args.b.buffer, ...(hasBias ? [args.bias!.buffer] : []), out];
  const max = rt.device.limits.maxComputeWorkgroupsPerDimension;
  const rowGroups = Math.ceil(d.M / T);
  for (let base = 0; base < d.batch; base += max) {
    for (let y = 0; y < rowGroups; y += max) {
      rt.run(key, () => tiledShader(tA, tB, hasBias, args.activation), buffers, LAYOUT.pack({
        M: d.M, N: d.N, K: d.K, strideA: d.batchA === 1 ? 0 : d.M * d.K, strideB: d.batchB === 1 ? 0 : d.K * d.N,
        batchBase: base, yBase: y,
      }), [Math.ceil(d.N / T), Math.min(max, rowGroups - y), Math.min(max, d.batch - base)]);
    }
  }
  return out;
}

function tiledShader(tA: boolean, tB: boolean, hasBias: boolean, activation: FusedActivation): string {
  const aAt = tA ? 'offA + k * M + m' : 'offA + m * K + k';
  const bAt = tB ? 'offB + n * K + k' : 'offB + k * N + n';
  return `${LAYOUT.wgsl}
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
${hasBias ? '@group(0) @binding(3) var<storage, read> BIAS: array<f32>;' : ''}
@group(0) @binding(${hasBias ? 4 : 3}) var<storage, read_write> Y: array<f32>;
${activationFunction(activation)}
var<workgroup> tileA: array<array<f32, ${T}>, ${T}>;
var<workgroup> tileB: array<array<f32, ${T}>, ${T}>;
fn loadA(offA: u32, m: u32, k: u32, M: u32, K: u32) -> f32 {
  if (m >= M || k >= K) { return 0.0; }
  return A[${aAt}];
}
fn loadB(offB: u32, k: u32, n: u32, K: u32, N: u32) -> f32 {
  if (k >= K || n >= N) { return 0.0; }
  return B[${bAt}];
}
@compute @workgroup_size(${T}, ${T})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let M = p_M(); let N = p_N(); let K = p_K();
  let bz = wid.z + p_batchBase();
  let offA = bz * p_strideA();
  let offB = bz * p_strideB();
  let row = (wid.y + p_yBase()) * ${T}u + lid.y;
  let col = wid.x * ${T}u + lid.x;
  var acc = 0.0;
  for (var k0 = 0u; k0 < K; k0 += ${T}u) {
    tileA[lid.y][lid.x] = loadA(offA, row, k0 + lid.x, M, K);
    tileB[lid.y][lid.x] = loadB(offB, k0 + lid.y, col, K, N);
    workgroupBarrier();
    for (var k = 0u; k < ${T}u; k++) { acc += tileA[lid.y][k] * tileB[k][lid.x]; }
    workgroupBarrier();
  }
  if (row < M && col < N) {
    Y[bz * M * N + row * N + col] = act(vec4<f32>(acc${hasBias ? ' + BIAS[col]' : ''})).x;
  }
}`;
}
