import type { FusedActivation, MatmulKernelOptions, TensorInfo } from '@tessera/tensor';
import type { KernelContext, WasmBuffer } from './buffer.js';
import { ACTIVATION_CODES } from './codes.js';
import { A_DENSE, B_DENSE, gemm } from './gemm.js';

type T = TensorInfo<WasmBuffer>;

/** Batched matmul with transposes, batch broadcasting, and an optional bias + activation epilogue. */
export function matmul(ctx: KernelContext, x: T, y: T, options: MatmulKernelOptions, bias?: T, activation: FusedActivation = 'linear'): WasmBuffer {
  const { transposeA, transposeB } = options;
  const ra = x.shape.length;
  const rb = y.shape.length;
  const m = transposeA ? x.shape[ra - 1] : x.shape[ra - 2];
  const k = transposeA ? x.shape[ra - 2] : x.shape[ra - 1];
  const n = transposeB ? y.shape[rb - 2] : y.shape[rb - 1];
  const batchA = x.size / (m * k) || 1;
  const batchB = y.size / (k * n) || 1;
  const batch = Math.max(batchA, batchB);
  const out = ctx.output(batch * m * n, 'float32', bias ? 'fusedMatmul' : 'matmul');
  gemm(ctx, {
    m, n, k, batch,
    a: { kind: A_DENSE, ptr: x.buffer.ptr, rs: transposeA ? 1 : k, cs: transposeA ? m : 1, bs: batchA === 1 ? 0 : m * k },
    b: { kind: B_DENSE, ptr: y.buffer.ptr, rs: transposeB ? 1 : n, cs: transposeB ? k : 1, bs: batchB === 1 ? 0 : k * n, count: batchB === 1 ? 1 : batch },
    c: { ptr: out.ptr, ldc: n, bs: m * n },
    bias: bias ? bias.buffer.ptr : 0,
    activation: ACTIVATION_CODES[activation],
  }, 'matmul');
  return out;
}
