import type { OpKind, OpParams } from './adapters/types.js';

export interface Kernel<K extends OpKind = OpKind> {
  /** Stable short name (targets and --kernels refer to it); `id` describes the sizes. */
  readonly key: string;
  readonly id: string;
  readonly op: K;
  readonly params: OpParams[K];
  /** Floating-point operations of one run (multiply and add count as two); for pooling and
   * elementwise kernels, one per element visited. */
  readonly flops: number;
}

const mm = (key: string, n: number): Kernel<'matmul'> => ({ key, id: `matmul ${n}`, op: 'matmul', params: { m: n, k: n, n }, flops: 2 * n ** 3 });

function conv(key: string, id: string, op: 'conv2d' | 'conv2dGrad', x: [number, number, number, number], kh: number, outC: number): Kernel {
  const forward = 2 * x[0] * x[1] * x[2] * outC * kh * kh * x[3];
  return { key, id, op, params: { x, filter: [kh, kh, x[3], outC] }, flops: op === 'conv2d' ? forward : 3 * forward };
}

/** `pnpm bench kernels`: the kernel list of issue 3. */
export function kernelSuite(quick = false): Kernel[] {
  // Quick mode shrinks every size, for smoke tests of the harness.
  const x: [number, number, number, number] = quick ? [2, 12, 12, 8] : [32, 28, 28, 32];
  const outC = quick ? 16 : 64;
  const n = quick ? 4096 : 1 << 20;
  const dw: Kernel<'depthwiseConv2d'> = {
    key: 'depthwise', id: `depthwise 3x3 [${x}]`, op: 'depthwiseConv2d', params: { x, filter: [3, 3, x[3], 1] },
    flops: 2 * x[0] * x[1] * x[2] * x[3] * 9,
  };
  const pool: Kernel<'maxPool'> = {
    key: 'maxpool', id: `maxPool 2x2 [${x}]`, op: 'maxPool', params: { x, size: 2 }, flops: x[0] * x[1] * x[2] * x[3],
  };
  return [
    ...(quick ? [16, 32, 64] : [256, 512, 1024]).map((n, i) => mm(['matmul-s', 'matmul-m', 'matmul-l'][i], n)),
    conv('conv', `conv2d [${x}] * ${outC} 3x3`, 'conv2d', x, 3, outC),
    conv('conv-grad', `conv2d fwd+bwd [${x}] * ${outC} 3x3`, 'conv2dGrad', x, 3, outC),
    dw,
    pool,
    { key: 'add', id: `add ${n}`, op: 'add', params: { n }, flops: n },
    { key: 'relu', id: `relu ${n}`, op: 'relu', params: { n }, flops: n },
  ];
}
