import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  add, grad, relu, setBackend, setKernelProfiler, tensor, TesseraError,
  type Backend, type KernelTiming, type TensorInfo, type TypedArray,
} from '../src/index.js';

/**
 * Just enough of a backend for the ops below (write, unary relu, binary add and mul on
 * same-shape float32). The core cannot depend on a real backend package (cycle), and the
 * profiler only needs kernels to run.
 */
function tinyBackend(): Backend<{ data: Float32Array }> {
  const elementwise = (a: TensorInfo<{ data: Float32Array }>, b: TensorInfo<{ data: Float32Array }>, f: (x: number, y: number) => number) => {
    const out = new Float32Array(a.size);
    for (let i = 0; i < a.size; i++) out[i] = f(a.buffer.data[i], b.buffer.data[b.size === 1 ? 0 : i]);
    return { data: out };
  };
  const partial: Partial<Backend<{ data: Float32Array }>> = {
    name: 'tiny-profiler-test',
    ready: async () => {},
    write: (values: TypedArray) => ({ data: Float32Array.from(values) }),
    fill: (size: number, value: number) => ({ data: new Float32Array(size).fill(value) }),
    read: async (buffer) => buffer.data.slice(),
    readSync: (buffer) => buffer.data.slice(),
    free: () => {},
    dispose: () => {},
    unary: (op, x) => {
      if (op !== 'relu') throw new Error(`tiny backend: no ${op}`);
      return { data: x.buffer.data.map((v) => Math.max(v, 0)) };
    },
    binary: (op, a, b) => {
      if (op === 'add') return elementwise(a, b, (x, y) => x + y);
      if (op === 'mul') return elementwise(a, b, (x, y) => x * y);
      if (op === 'greater') return elementwise(a, b, (x, y) => Number(x > y));
      throw new Error(`tiny backend: no ${op}`);
    },
    cast: (x) => ({ data: x.buffer.data.slice() }),
  };
  return partial as Backend<{ data: Float32Array }>;
}

describe('setKernelProfiler', () => {
  beforeAll(async () => {
    await setBackend(tinyBackend());
  });
  afterEach(() => {
    setKernelProfiler(null);
  });

  it('reports each kernel call with its op name, shapes and a time, and nothing once off', async () => {
    const calls: KernelTiming[] = [];
    expect(setKernelProfiler((t) => calls.push(t))).toBeNull();
    const a = tensor([[1, -2, 3], [-4, 5, -6]]);
    const b = tensor([[1, 1, 1], [1, 1, 1]]);
    const y = relu(add(a, b));
    expect(await y.array()).toEqual([[2, 0, 4], [0, 6, 0]]);
    expect(calls.map((c) => c.name)).toEqual(['add', 'relu']);
    expect(calls[0].inputShapes).toEqual([[2, 3], [2, 3]]);
    expect(calls[1].shape).toEqual([2, 3]);
    for (const c of calls) expect(c.ms).toBeGreaterThanOrEqual(0);

    const previous = setKernelProfiler(null);
    expect(typeof previous).toBe('function');
    relu(a);
    expect(calls).toHaveLength(2);
  });

  it('sees the kernels of a backward pass too', () => {
    const names: string[] = [];
    setKernelProfiler((t) => names.push(t.name));
    const x = tensor([1, -1, 2]);
    grad((t) => relu(t))(x);
    // forward relu, then its backward (a comparison-derived mask times dy)
    expect(names[0]).toBe('relu');
    expect(names.length).toBeGreaterThan(1);
  });

  it('rejects a value that is not a function', () => {
    expect(() => setKernelProfiler(42 as unknown as null)).toThrow(TesseraError);
    expect(() => setKernelProfiler(42 as unknown as null)).toThrow(/setKernelProfiler: expects a function or null, got number/);
  });
});
