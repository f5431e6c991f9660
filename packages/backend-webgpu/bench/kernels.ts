/**
 * Kernel benchmark: Tessera's WebGPU backend against @tensorflow/tfjs-backend-webgpu 4.22 on the
 * SAME GPUDevice in the same process. Each row times `reps` back-to-back runs ended by one read
 * (steady state, shaders compiled), plus the first run of a fresh shape (shader compile) and
 * upload / readback of 4 MiB separately. Prints a Markdown table; `--json` prints JSON.
 * Run: pnpm --filter @tessera/backend-webgpu bench   (optionally VK_ICD_FILENAMES=<driver json>)
 */
import { withCpuVulkanDriver } from '../src/node/drivers.js';
import {
  add, avgPool2d, conv2d, depthwiseConv2d, grads, matmul, maxPool2d, relu, setBackend, softmax, sum, tensor, type Tensor,
} from '@tessera/tensor';
import { createWebGPUBackend } from '../src/index.js';
import { randoms } from '../test/harness/assert.js';

interface Row { kernel: string; tessera: number; tfjs: number; unit: string; flops?: number }

type Tf = typeof import('@tensorflow/tfjs-core');
type TfTensor = import('@tensorflow/tfjs-core').Tensor;

type Result = { dispose(): void; data(): Promise<unknown> };

interface KernelSpec {
  readonly name: string;
  readonly inputs: readonly (readonly number[])[];
  readonly reps: number;
  /** Floating-point operations of one run, for a GFLOP/s column. */
  readonly flops?: number;
  readonly tessera: (xs: Tensor[]) => Result;
  readonly tfjs: (tf: Tf, xs: TfTensor[]) => Result;
}

/** Several tensors as one result: read together, disposed together. */
function all(ts: readonly Result[]): Result {
  return { data: () => Promise.all(ts.map((t) => t.data())), dispose: () => ts.forEach((t) => t.dispose()) };
}

const matmulSpec = (n: number, reps: number): KernelSpec => ({
  name: `matmul ${n}`, inputs: [[n, n], [n, n]], reps, flops: 2 * n ** 3,
  tessera: ([a, b]) => matmul(a, b), tfjs: (tf, [a, b]) => tf.matMul(a, b),
});

/** The conv shape of the WASM backend's bench: [32,28,28,32] input, 64 3x3 filters, 'same'. */
const CONV_X = [32, 28, 28, 32], CONV_W = [3, 3, 32, 64];
const CONV_FLOPS = 2 * 32 * 28 * 28 * 64 * 9 * 32;

/** The kernel set of the WASM backend's bench, plus avgPool, softmax and a full sum. */
const KERNELS: KernelSpec[] = [
  matmulSpec(256, 20), matmulSpec(512, 8), matmulSpec(1024, 3),
  {
    name: 'conv2d fwd [32,28,28,32] 3x3x64 same', inputs: [CONV_X, CONV_W], reps: 3, flops: CONV_FLOPS,
    tessera: ([x, w]) => conv2d(x, w, { padding: 'same' }), tfjs: (tf, [x, w]) => tf.conv2d(x as never, w as never, 1, 'same'),
  },
  {
    // Forward plus both gradients. tfjs-core alone registers no gradients, so its two backward
    // kernels are called directly, with the upstream gradient = the forward output.
    name: 'conv2d fwd+bwd [32,28,28,32] 3x3x64 same', inputs: [CONV_X, CONV_W], reps: 1, flops: 3 * CONV_FLOPS,
    tessera: ([x, w]) => all(grads((a: Tensor, b: Tensor) => conv2d(a, b, { padding: 'same' }))([x, w])),
    tfjs: (tf, [x, w]) => {
      const y = tf.conv2d(x as never, w as never, 1, 'same');
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
      const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy: y, filter: w }, { ...attrs, inputShape: x.shape }) as TfTensor;
      const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: y }, { ...attrs, filterShape: w.shape }) as TfTensor;
      return all([y, dx, dw]);
    },
  },
  {
    name: 'depthwise 3x3 [32,28,28,32] same', inputs: [CONV_X, [3, 3, 32, 1]], reps: 8,
    tessera: ([x, w]) => depthwiseConv2d(x, w, { padding: 'same' }), tfjs: (tf, [x, w]) => tf.depthwiseConv2d(x as never, w as never, 1, 'same'),
  },
  {
    name: 'maxPool 2x2 [32,28,28,32]', inputs: [CONV_X], reps: 8,
    tessera: ([x]) => maxPool2d(x, { poolSize: 2 }), tfjs: (tf, [x]) => tf.maxPool(x as never, 2, 2, 'valid'),
  },
  {
    name: 'avgPool 2x2 [32,28,28,32]', inputs: [CONV_X], reps: 8,
    tessera: ([x]) => avgPool2d(x, { poolSize: 2 }), tfjs: (tf, [x]) => tf.avgPool(x as never, 2, 2, 'valid'),
  },
  { name: 'add [1M]', inputs: [[1 << 20], [1 << 20]], reps: 16, tessera: ([a, b]) => add(a, b), tfjs: (tf, [a, b]) => tf.add(a, b) },
  { name: 'relu [1M]', inputs: [[1 << 20]], reps: 16, tessera: ([x]) => relu(x), tfjs: (tf, [x]) => tf.relu(x) },
  { name: 'softmax [512,1000]', inputs: [[512, 1000]], reps: 8, tessera: ([x]) => softmax(x), tfjs: (tf, [x]) => tf.softmax(x) },
  { name: 'sum [1M]', inputs: [[1 << 20]], reps: 16, tessera: ([x]) => sum(x), tfjs: (tf, [x]) => tf.sum(x) },
];

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

const ROUNDS = 7;

type Runnable = () => { dispose(): void; data(): Promise<unknown> };

async function oneRound(run: Runnable, reps: number): Promise<number> {
  const start = performance.now();
  let last: ReturnType<Runnable> | null = null;
  for (let i = 0; i < reps; i++) { last?.dispose(); last = run(); }
  await last!.data();
  last!.dispose();
  return (performance.now() - start) / reps;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Median over rounds of the mean time of `reps` back-to-back runs ended by one read. The two
 * implementations alternate round by round, so load from other processes hits both alike.
 */
async function timePair(ours: Runnable, theirs: Runnable, reps: number): Promise<[number, number]> {
  for (const run of [ours, theirs]) { const y = run(); await y.data(); y.dispose(); }
  const a: number[] = [], b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(await oneRound(ours, reps));
    b.push(await oneRound(theirs, reps));
  }
  return [median(a), median(b)];
}

async function firstRun<T extends { dispose(): void; data(): Promise<unknown> }>(run: () => T): Promise<number> {
  const start = performance.now();
  const y = run();
  await y.data();
  y.dispose();
  return performance.now() - start;
}


export async function benchKernels(options: { filter?: RegExp } = {}): Promise<{ adapter: string; rows: Row[] }> {
  const backend = await withCpuVulkanDriver(() => createWebGPUBackend());
  await setBackend(backend);
  const device = backend.device;
  // tfjs reads the WebGPU globals (GPUBufferUsage...) and looks for navigator.gpu at import.
  const { globals, create } = await import('webgpu');
  Object.assign(globalThis, globals);
  (globalThis as { navigator?: unknown }).navigator ??= { gpu: create([]) };
  const tf = await import('@tensorflow/tfjs-core');
  const { WebGPUBackend: TfWebGPU } = await import('@tensorflow/tfjs-backend-webgpu');
  // tfjs registers its kernels under the name 'webgpu'; re-register that name on our device.
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new TfWebGPU(device));
  await tf.setBackend('webgpu');

  const rows: Row[] = [];
  const kernels = KERNELS.filter((k) => !options.filter || options.filter.test(k.name));
  for (const k of kernels) {
    const data = k.inputs.map((s, i) => randoms(size(s), 11 + i, -1, 1));
    const ours = k.inputs.map((s, i) => tensor(data[i], s));
    const theirs = k.inputs.map((s, i) => tf.tensor(data[i], s as number[]));
    const [t, f] = await timePair(() => k.tessera(ours), () => k.tfjs(tf, theirs), k.reps);
    rows.push({ kernel: k.name, tessera: t, tfjs: f, unit: 'ms', flops: k.flops });
    ours.forEach((x) => x.dispose());
    theirs.forEach((x) => x.dispose());
  }

  // First run of a shape neither side has compiled yet: shader compilation dominates.
  const a = randoms(96 * 80, 5), b = randoms(80 * 72, 6);
  {
    const ta = tensor(a, [96, 80]), tb = tensor(b, [80, 72]);
    const fa = tf.tensor(a, [96, 80]), fb = tf.tensor(b, [80, 72]);
    rows.push({ kernel: 'first run (compile) conv2d 5x5', tessera: await firstRun(() => conv2d(tensor(a.subarray(0, 4 * 12 * 12 * 3), [4, 12, 12, 3]), tensor(b.subarray(0, 5 * 5 * 3 * 6), [5, 5, 3, 6]), { strides: 2 })),
      tfjs: await firstRun(() => tf.conv2d(tf.tensor(a.subarray(0, 4 * 12 * 12 * 3), [4, 12, 12, 3]) as never, tf.tensor(b.subarray(0, 5 * 5 * 3 * 6), [5, 5, 3, 6]) as never, 2, 'valid')), unit: 'ms' });
    for (const x of [ta, tb]) x.dispose();
    for (const x of [fa, fb]) x.dispose();
  }

  // Upload and readback of 4 MiB.
  const big = randoms(1 << 20, 9);
  // tfjs uploads lazily, at first use, so both sides upload, reduce the data to one value on the
  // device and read that value (so only the upload is large).
  const upload = async (make: () => { data(): Promise<unknown>; dispose(): void }[], reps: number) => {
    let total = 0;
    for (let i = 0; i < reps; i++) {
      const start = performance.now();
      const [x, y] = make();
      await y.data();
      total += performance.now() - start;
      x.dispose();
      y.dispose();
    }
    return total / reps;
  };
  rows.push({
    kernel: 'upload 4 MiB (+ sum, read 1 value)',
    tessera: await upload(() => { const x = tensor(big, [1 << 20]); return [x, sum(x)]; }, 8),
    tfjs: await upload(() => { const x = tf.tensor(big, [1 << 20]); return [x, tf.sum(x)]; }, 8), unit: 'ms',
  });
  const readback = async (t: { data(): Promise<unknown> }, reps: number) => {
    await t.data();
    const start = performance.now();
    for (let i = 0; i < reps; i++) await t.data();
    return (performance.now() - start) / reps;
  };
  {
    // Each read needs fresh device data (tfjs caches host copies), so read results of a cheap op.
    const ours = tensor(big, [1 << 20]), theirs = tf.tensor(big, [1 << 20]);
    const o = { data: async () => { const y = relu(ours); await y.data(); y.dispose(); } };
    const f = { data: async () => { const y = tf.relu(theirs); await y.data(); y.dispose(); } };
    rows.push({ kernel: 'relu + readback 4 MiB', tessera: await readback(o, 8), tfjs: await readback(f, 8), unit: 'ms' });
    ours.dispose();
    theirs.dispose();
  }

  const adapter = JSON.stringify(backend.features.adapter);
  tf.removeBackend('webgpu');
  backend.dispose();
  return { adapter, rows };
}

export function formatTable(rows: Row[]): string {
  const lines = ['| kernel | tessera (ms) | tfjs-backend-webgpu (ms) | speed-up | tessera GFLOP/s | tfjs GFLOP/s |',
    '|---|---:|---:|---:|---:|---:|'];
  const gflops = (r: Row, ms: number) => (r.flops ? (r.flops / ms / 1e6).toFixed(2) : '');
  for (const r of rows) {
    lines.push(`| ${r.kernel} | ${r.tessera.toFixed(2)} | ${r.tfjs.toFixed(2)} | ${(r.tfjs / r.tessera).toFixed(2)}x | ${gflops(r, r.tessera)} | ${gflops(r, r.tfjs)} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const filterArg = process.argv.find((a) => a.startsWith('--filter='));
  let result: Awaited<ReturnType<typeof benchKernels>>;
  try {
    result = await benchKernels({ filter: filterArg ? new RegExp(filterArg.slice(9)) : undefined });
  } catch (error) {
    // Lets a caller retry with another Vulkan driver (the tests' runner does).
    if (/no WebGPU adapter/.test((error as Error).message)) { console.log(`NOADAPTER ${JSON.stringify((error as Error).message)}`); process.exit(3); }
    throw error;
  }
  // --json prints machine-readable `ADAPTER`/`BENCH` lines (the bench's own test reads them).
  if (process.argv.includes('--json')) console.log(`ADAPTER ${result.adapter}\nBENCH ${JSON.stringify(result.rows)}`);
  else console.log(`adapter: ${result.adapter}\n\n${formatTable(result.rows)}`);
  console.log('DONE');
}
