import type { FusedActivation, MatmulKernelOptions, TensorInfo } from '@tessera/tensor';
import type { GPUTensorBuffer } from '../runtime/buffer-pool.js';
import type { GPURuntime } from '../runtime/runtime.js';
import { uniformLayout } from '../runtime/uniforms.js';
import { activationFunction } from './activation.js';
import { deviceBytes } from './common.js';
import { matmulTiled } from './matmul-tiled.js';

const LAYOUT = uniformLayout({
  M: 'u32', N: 'u32', K: 'u32', strideA: 'u32', strideB: 'u32', batchBase: 'u32', yBase: 'u32',
});

/** Each thread owns a 4x4 block of C; a workgroup of 8x8 threads covers 32x32. */
const TILE = 32;

export interface MatmulArgs {
  readonly a: TensorInfo<GPUTensorBuffer>;
  readonly b: TensorInfo<GPUTensorBuffer>;
  readonly options: MatmulKernelOptions;
  readonly bias?: TensorInfo<GPUTensorBuffer>;
  readonly activation: FusedActivation;
  /** 'registers' suits CPU adapters; 'workgroup' (shared-memory tiles) suits real GPUs. */
  readonly variant: 'registers' | 'workgroup';
}

export function matmulDims(a: TensorInfo<GPUTensorBuffer>, b: TensorInfo<GPUTensorBuffer>, o: MatmulKernelOptions) {
  const ra = a.shape.length, rb = b.shape.length;
  const M = o.transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = o.transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const N = o.transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const lead = (shape: readonly number[]) => shape.slice(0, -2).reduce((p, q) => p * q, 1);
  const batchA = lead(a.shape), batchB = lead(b.shape);
  return { M, N, K, batchA, batchB, batch: Math.max(batchA, batchB) };
}

/**
 * Register-blocked matmul with vec4 loads where the layout allows them, chosen per shape class:
 * A rows along k as vec4 (K % 4 == 0), A columns as vec4 (transposed A, M % 4 == 0), B rows as
 * vec4 (N % 4 == 0), or dot products of A rows with rows of a transposed B. No workgroup
 * memory: on CPU adapters barriers are emulated and cost more than they save.
 */
export function matmul(rt: GPURuntime, args: MatmulArgs): GPUTensorBuffer {
  const { a, b, options } = args;
  const { M, N, K, batchA, batchB, batch } = matmulDims(a, b, options);
  const out = rt.allocate(deviceBytes(batch * M * N));
  if (batch * M * N === 0) return out;
  if (args.variant === 'workgroup') return matmulTiled(rt, args, out, { M, N, K, batchA, batchB, batch });
  const tA = options.transposeA, tB = options.transposeB;
  const aMode = !tA && K % 4 === 0 && K > 0 ? 'rowvec' : tA && M % 4 === 0 ? 'colvec' : 'scalar';
  const bMode = !tB && N % 4 === 0 ? 'rowvec' : 'scalar';
  const dot = aMode === 'rowvec' && tB;
  const hasBias = args.bias !== undefined;
  const key = `matmul:${tA ? 1 : 0}${tB ? 1 : 0}:${aMode}:${dot ? 'dot' : bMode}:${N % 4 === 0 ? 4 : 1}:${hasBias ? 'b' : ''}:${args.activation}`;
  const code = () => matmulShader({ tA, tB, aMode, bMode, dot, vecOut: N % 4 === 0, hasBias, activation: args.activation });
  const buffers = [a.buffer, b.buffer, ...(hasBias ? [args.bias!.buffer] : []), out];
  // Batches and rows past the per-dimension grid limit go into further dispatches.
  const max = rt.device.limits.maxComputeWorkgroupsPerDimension;
  const rowGroups = Math.ceil(M / TILE);
  for (let base = 0; base < batch; base += max) {
    for (let y = 0; y < rowGroups; y += max) {
      rt.run(key, code, buffers, LAYOUT.pack({
        M, N, K, strideA: batchA === 1 ? 0 : M * K, strideB: batchB === 1 ? 0 : K * N, batchBase: base, yBase: y * 8,
      }), [Math.ceil(N / TILE), Math.min(max, rowGroups - y), Math.min(max, batch - base)]);
    }
  }
  return out;
}

interface ShaderOptions {
  tA: boolean; tB: boolean;
  aMode: 'rowvec' | 'colvec' | 'scalar';
  bMode: 'rowvec' | 'scalar';
  dot: boolean; vecOut: boolean; hasBias: boolean; activation: FusedActivation;
}

function matmulShader(o: ShaderOptions): string {
  const aAt = (m: string, k: string) => (o.tA ? `offA + (${k}) * M + (${m})` : `offA + (${m}) * K + (${k})`);
  const bAt = (k: string, n: string) => (o.tB ? `offB + (${n}) * K + (${k})` : `offB + (${k}) * N + (${n})`);
  const bRow = (k: string) => (o.bMode === 'rowvec'
    ? `B4[(${bAt(k, 'n0c')}) / 4u]`
    : `vec4<f32>(B[${bAt(k, 'n[0]')}], B[${bAt(k, 'n[1]')}], B[${bAt(k, 'n[2]')}], B[${bAt(k, 'n[3]')}])`);
  let loop: string;
  if (o.aMode === 'rowvec') {
    const aLoads = [0, 1, 2, 3].map((i) => `let a${i} = A4[(${aAt(`m[${i}]`, 'k')}) / 4u];`).join('\n      ');
    const body = o.dot
      ? [0, 1, 2, 3].map((j) => `let b${j} = B4[(${bAt('k', `n[${j}]`)}) / 4u];`).join('\n      ') + '\n      ' +
        [0, 1, 2, 3].map((i) => `acc[${i}] += vec4<f32>(dot(a${i}, b0), dot(a${i}, b1), dot(a${i}, b2), dot(a${i}, b3));`).join('\n      ')
      : [0, 1, 2, 3].map((j) => `let b${j} = ${bRow(`k + ${j}u`)};`).join('\n      ') + '\n      ' +
        [0, 1, 2, 3].map((i) => `acc[${i}] += a${i}.x * b0 + a${i}.y * b1 + a${i}.z * b2 + a${i}.w * b3;`).join('\n      ');
    loop = `for (var k = 0u; k < K; k += 4u) {
      ${aLoads}
      ${body}
    }`;
  } else {
    const aCol = o.aMode === 'colvec'
      ? `A4[(${aAt('m0c', 'k')}) / 4u]`
      : `vec4<f32>(A[${aAt('m[0]', 'k')}], A[${aAt('m[1]', 'k')}], A[${aAt('m[2]', 'k')}], A[${aAt('m[3]', 'k')}])`;
    loop = `for (var k = 0u; k < K; k++) {
      let a = ${aCol};
      let b = ${bRow('k')};
      acc[0] += a.x * b; acc[1] += a.y * b; acc[2] += a.z * b; acc[3] += a.w * b;
    }`;
  }
  const store = o.vecOut
    ? `if (n0 < N) {
      for (var i = 0u; i < 4u; i++) {
        if (m0 + i < M) { Y4[(offY + (m0 + i) * N + n0) / 4u] = act(acc[i]${o.hasBias ? ' + BIAS4[n0 / 4u]' : ''}); }
      }
    }`
    : `for (var i = 0u; i < 4u; i++) {
      if (m0 + i >= M) { break; }
      ${o.hasBias ? 'let bias = vec4<f32>(BIAS[n[0]], BIAS[n[1]], BIAS[n[2]], BIAS[n[3]]);' : ''}
      let v = act(acc[i]${o.hasBias ? ' + bias' : ''});
      for (var j = 0u; j < 4u; j++) { if (n0 + j < N) { Y[offY + (m0 + i) * N + n0 + j] = v[j]; } }
    }`;
  const vec = (name: string, binding: number, write = false) =>
    `@group(0) @binding(${binding}) var<storage, ${write ? 'read_write' : 'read'}> ${name}: array<${name.endsWith('4') ? 'vec4<f32>' : 'f32'}>;`;
  const aName = o.aMode === 'scalar' ? 'A' : 'A4';
  const bName = o.dot || o.bMode === 'rowvec' ? 'B4' : 'B';
  let binding = 1;
  const decls = [vec(aName, binding++), vec(bName, binding++)];
  if (o.hasBias) decls.push(vec(o.vecOut ? 'BIAS4' : 'BIAS', binding++));
  decls.push(vec(o.vecOut ? 'Y4' : 'Y', binding++, true));
  return `${LAYOUT.wgsl}
${decls.join('\n')}
${activationFunction(o.activation)}
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let M = p_M(); let N = p_N(); let K = p_K();
  let bz = gid.z + p_batchBase();
  let offA = bz * p_strideA();
  let offB = bz * p_strideB();
  let offY = bz * M * N;
  let n0 = gid.x * 4u;
  let m0 = (gid.y + p_yBase()) * 4u;
  if (m0 >= M || n0 >= N) { return; }
  // Clamped indices keep every load in bounds; rows and columns past the edge are computed
  // but never stored.
  let m0c = min(m0, M - 4u);
  let n0c = min(n0, N - 4u);
  let m = vec4<u32>(min(m0, M - 1u), min(m0 + 1u, M - 1u), min(m0 + 2u, M - 1u), min(m0 + 3u, M - 1u));
  let n = vec4<u32>(min(n0, N - 1u), min(n0 + 1u, N - 1u), min(n0 + 2u, N - 1u), min(n0 + 3u, N - 1u));
  var acc: array<vec4<f32>, 4>;
  ${loop}
  ${store}
}`;
}
