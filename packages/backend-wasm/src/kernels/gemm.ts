import type { KernelContext } from './buffer.js';
import { writeGeometry, type Geometry } from './geometry.js';

/** How the GEMM reads A: a dense strided matrix, an implicit im2col matrix, or its transpose. */
export const A_DENSE = 0;
export const A_IM2COL = 1;
export const A_IM2COL_T = 2;
/** How it reads B: dense strided, or the flipped filter of the stride-1 input gradient. */
export const B_DENSE = 0;
export const B_FLIPPED = 1;

export interface GemmJob {
  m: number;
  n: number;
  k: number;
  batch: number;
  /** Element strides of A(i, k): rows `rs`, columns `cs`; `bs` per batch entry (0 = shared). */
  a: { kind: number; ptr: number; rs: number; cs: number; bs: number };
  /** `count` distinct B matrices (1 = shared by the whole batch, else one per entry). */
  b: { kind: number; ptr: number; rs: number; cs: number; bs: number; count: number };
  c: { ptr: number; ldc: number; bs: number };
  /** Address of a length-N bias, or 0. */
  bias: number;
  activation: number;
  geometry?: Geometry;
}

const MR = 4;
const NR = 8;
const KC_MAX = 512;
/** Below this many flops, waking workers costs more than it saves. */
const PARALLEL_FLOPS = 1 << 21;
/** Split-K: outputs up to this many elements with K at least SPLIT_MIN_K are summed in chunks. */
const SPLIT_MAX_OUTPUT = 1 << 16;
const SPLIT_MIN_K = 4096;
const SPLIT_CHUNK = 2048;

/**
 * K block size: a function of K only (never of the thread count), because it fixes the order in
 * which each output element is summed. Blocks of at most 512 keep a packed B panel (16 KiB) in L1.
 */
export function kBlock(k: number): number {
  if (k <= KC_MAX) return Math.max(k, 1);
  return Math.ceil(k / Math.ceil(k / 512));
}

/** Runs C = act(A B + bias) through the Rust GEMM (one dispatch in phases: rust/src/gemm.rs). */
export function gemm(ctx: KernelContext, job: GemmJob, op: string): void {
  const { rt } = ctx;
  const { m, n, k, batch } = job;
  if (m === 0 || n === 0 || batch === 0) return;
  const threads = rt.threads;
  const kc = kBlock(k);
  // Tile sizes only decide which task computes which outputs, so they may follow the thread count.
  // A small output over a long K (a filter gradient summed over every pixel) has too few tiles to
  // share out and streams all of packed B per tile: split K into fixed chunks instead, each task
  // writing one chunk's partial product. The chunk is a function of K only (determinism).
  // Chunks are whole K blocks, about SPLIT_CHUNK long and as even as the blocks allow.
  const split = batch === 1 && k >= SPLIT_MIN_K && m * n <= SPLIT_MAX_OUTPUT
    ? kc * Math.ceil(Math.ceil(k / kc) / Math.ceil(k / SPLIT_CHUNK)) : 0;
  const nsplit = split ? Math.ceil(k / split) : 1;
  let mc = 64;
  let nc = Math.ceil(n / NR) * NR;
  const tasks = () => batch * nsplit * Math.ceil(m / mc) * Math.ceil(n / nc);
  const want = threads > 1 ? 4 * threads : 1;
  // Halve the row block down to 32 first, then the column block (each task then packs a
  // quarter of B's reuse instead of re-reading all of B), then rows again.
  while (tasks() < want) {
    if (mc > 32) mc /= 2;
    else if (nc > 64) nc = Math.ceil(nc / 2 / NR) * NR;
    else if (mc > 16) mc /= 2;
    else break;
  }
  const panels = Math.ceil(n / NR);
  const packedBytes = job.b.count * panels * k * NR * 4;
  const partialBytes = split ? nsplit * m * n * 4 : 0;
  const packedArea = Math.ceil(packedBytes / 64) * 64;
  const packed = rt.scratch(op, packedArea + partialBytes, Math.ceil(mc / MR) * MR * kc * 4);
  const w = rt.args();
  const a = rt.argBase;
  w[a] = m;
  w[a + 1] = n;
  w[a + 2] = k;
  w[a + 3] = batch;
  w[a + 4] = job.a.kind;
  w[a + 5] = job.a.ptr;
  w[a + 6] = job.a.rs;
  w[a + 7] = job.a.cs;
  w[a + 8] = job.a.bs;
  w[a + 9] = job.b.kind;
  w[a + 10] = job.b.ptr;
  w[a + 11] = job.b.rs;
  w[a + 12] = job.b.cs;
  w[a + 13] = job.b.bs;
  w[a + 14] = job.c.ptr;
  w[a + 15] = job.c.ldc;
  w[a + 16] = job.c.bs;
  w[a + 17] = job.bias;
  w[a + 18] = job.activation;
  w[a + 19] = packed;
  w[a + 20] = kc;
  w[a + 21] = mc;
  w[a + 22] = nc;
  w[a + 23] = job.b.count;
  if (job.geometry) writeGeometry(rt, job.geometry);
  w[a + 40] = split;
  w[a + 41] = packed + packedArea;
  w[a + 42] = 0;
  w[a + 43] = 0;
  rt.run('gemm', 2 * m * n * k * batch >= PARALLEL_FLOPS);
}
