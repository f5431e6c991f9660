import type { Kernel } from './kernels.js';

/**
 * First runs on shapes nothing in the process has run yet: the time is mostly shader compilation
 * and pipeline creation. They come before the kernel suite, so no earlier row has compiled the
 * same shaders; each is timed once, and `flops` is 0 because a rate would describe the compiler.
 */
export function firstRunKernels(): Kernel[] {
  const first: Kernel<'firstRun'>[] = [
    { key: 'first-matmul', id: 'first run: matmul 96x80 * 80x72', op: 'firstRun', flops: 0,
      params: { op: 'matmul', params: { m: 96, k: 80, n: 72 } } },
    { key: 'first-conv', id: 'first run: conv2d [4,12,12,3] * 6 5x5', op: 'firstRun', flops: 0,
      params: { op: 'conv2d', params: { x: [4, 12, 12, 3], filter: [5, 5, 3, 6] } } },
  ];
  return first;
}

/**
 * Host -> device and device -> host copies of `n` floats (4 MiB), timed apart from the kernels:
 * an upload ends when the device holds the data, a readback when the host does.
 */
export function transferKernels(quick = false): Kernel[] {
  const n = quick ? 4096 : 1 << 20;
  const mib = n * 4 >= 1 << 20 ? `${(n * 4) / (1 << 20)} MiB` : `${(n * 4) / 1024} KiB`;
  const rows: Kernel<'upload' | 'readback'>[] = [
    { key: 'upload', id: `upload ${n} floats (${mib})`, op: 'upload', params: { n }, flops: n },
    { key: 'readback', id: `readback ${n} floats (${mib})`, op: 'readback', params: { n }, flops: n },
  ];
  return rows;
}
