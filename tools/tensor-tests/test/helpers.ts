import { PRIMITIVES, philoxUniform, setBackend, type Backend, type Tensor } from '@tessera/tensor';
import { createJsBackend } from '@tessera/backend-js';

export async function useJs(): Promise<Backend> {
  const js = createJsBackend();
  await setBackend(js);
  return js;
}

/**
 * A second backend for tests: delegates every kernel to a JS backend but has another name, no
 * synchronous read (like WebGPU) and optionally a randomUniform kernel.
 */
export function delegatingBackend(name: string, options: { randomUniform?: boolean } = {}): Backend & { randomCalls: number } {
  const inner = createJsBackend();
  const b: Record<string, unknown> = { name, randomCalls: 0 };
  for (const key of [...PRIMITIVES, 'softmax', 'logSoftmax', 'batchNorm', 'fusedMatmul', 'fusedConv2d', 'ready', 'dispose', 'memoryInfo'] as const) {
    const fn = (inner as unknown as Record<string, unknown>)[key];
    if (typeof fn === 'function') b[key] = fn.bind(inner);
  }
  if (options.randomUniform) {
    b.randomUniform = (size: number, key: readonly [number, number], counter: readonly number[]) => {
      (b as { randomCalls: number }).randomCalls++;
      const start = counter[0] + counter[1] * 4294967296;
      return inner.write(philoxUniform(key, start, size), 'float32');
    };
  }
  return b as unknown as Backend & { randomCalls: number };
}

export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

/** Central finite differences of a scalar function of one float32 tensor, in float64 on the host. */
export async function numericGrad(f: (x: Tensor) => Tensor, x: Tensor, make: (v: Float32Array) => Tensor, h = 1e-2): Promise<number[]> {
  const base = Float32Array.from(await x.data());
  const out: number[] = [];
  for (let i = 0; i < base.length; i++) {
    const evalAt = async (delta: number) => {
      const v = Float32Array.from(base);
      v[i] += delta;
      const xi = make(v);
      const y = f(xi);
      const r = (await y.data())[0];
      xi.dispose(); y.dispose();
      return r;
    };
    out.push((await evalAt(h) - await evalAt(-h)) / (2 * h));
  }
  return out;
}
