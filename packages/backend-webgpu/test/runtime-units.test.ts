import { TesseraError } from '@tessera/tensor';
import { describe, expect, it } from 'vitest';
import { BufferPool, bucketSize } from '../src/runtime/buffer-pool.js';
import { GPURuntime } from '../src/runtime/runtime.js';
import { uniformLayout } from '../src/runtime/uniforms.js';

// Host-side pieces of the runtime, checked without a GPU: a scripted stand-in device plays the
// parts of WebGPU these paths touch (error scopes, uncaptured errors, device loss).

class FakeDevice extends EventTarget {
  readonly limits = { maxStorageBufferBindingSize: 1 << 20, minUniformBufferOffsetAlignment: 256, maxComputeWorkgroupsPerDimension: 65535 };
  nextScopeError: { message: string } | null = null;
  loseDevice!: (info: { reason: string; message: string }) => void;
  readonly lost = new Promise<{ reason: string; message: string }>((resolve) => { this.loseDevice = resolve; });
  readonly created: number[] = [];
  createBuffer(d: { size: number }) { this.created.push(d.size); return { size: d.size, destroy() {} }; }
  pushErrorScope() {}
  popErrorScope() { const e = this.nextScopeError; this.nextScopeError = null; return Promise.resolve(e); }
  destroy() {}
}

function runtime(device = new FakeDevice()) {
  return { device, rt: new GPURuntime(device as unknown as GPUDevice, { maxDispatchesPerSubmit: 8, maxPooledBytes: 1 << 16 }) };
}

describe('buffer buckets and pool', () => {
  it('rounds sizes to four buckets per power of two', () => {
    expect([1, 16, 17, 20, 33, 64, 65, 100, 1000].map(bucketSize)).toEqual([16, 16, 20, 20, 40, 64, 80, 112, 1024]);
    for (let n = 1; n < 5000; n += 37) {
      const b = bucketSize(n);
      expect(b).toBeGreaterThanOrEqual(n);
      expect(b).toBeLessThanOrEqual(Math.max(16, n * 1.25 + 4));
    }
  });

  it('reuses a released buffer only after the next submit, and caps pooled bytes', () => {
    const made: number[] = [];
    const pool = new BufferPool((size) => { made.push(size); return { destroy() {} } as unknown as GPUBuffer; }, 100);
    const a = pool.acquire(40);
    pool.release(a);
    pool.acquire(40);
    expect(made).toEqual([40, 40]);
    pool.afterSubmit();
    pool.acquire(40);
    expect(made).toEqual([40, 40]);
    const big = pool.acquire(200);
    pool.release(big);
    pool.afterSubmit();
    expect(pool.snapshot().pooledBytes).toBe(0);
  });

  it('recycles at once when nothing recorded is waiting to be submitted', () => {
    let idle = false;
    const made: number[] = [];
    const pool = new BufferPool((size) => { made.push(size); return { destroy() {} } as unknown as GPUBuffer; }, 1000, () => idle);
    pool.release(pool.acquire(64));
    pool.acquire(64);
    expect(made).toEqual([64, 64]);
    idle = true;
    pool.release(pool.acquire(64));
    pool.acquire(64);
    expect(made).toEqual([64, 64, 64]);
  });

  it('keeps a pinned (being read) buffer out of the pool until unpinned', () => {
    const pool = new BufferPool(() => ({ destroy() {} }) as unknown as GPUBuffer, 1000);
    const a = pool.acquire(64);
    a.pins = 1;
    pool.release(a);
    pool.afterSubmit();
    expect(pool.snapshot().pooledBytes).toBe(0);
    a.pins = 0;
    pool.afterSubmit();
    expect(pool.snapshot().pooledBytes).toBe(64);
  });
});

describe('uniform layouts', () => {
  it('packs scalars and arrays into vec4 words and generates matching accessors', () => {
    const layout = uniformLayout({ size: 'u32', alpha: 'f32', shift: 'i32', shape: ['u32', 3], step: ['i32', 2] });
    const words = layout.pack({ size: 7, alpha: 0.5, shift: -2, shape: [4, 5, 6], step: [-1, 3] });
    expect(words.length % 4).toBe(0);
    expect(Array.from(words.subarray(0, 8))).toEqual([7, 0x3f000000, 0xfffffffe, 4, 5, 6, 0xffffffff, 3]);
    expect(layout.wgsl).toContain('fn p_alpha() -> f32 { return bitcast<f32>(U.v[0][1]); }');
    expect(layout.wgsl).toContain('fn p_step(i: u32) -> i32');
  });
});

describe('device errors become TesseraErrors', () => {
  it('reports an allocation over the binding limit with the sizes', () => {
    const { rt } = runtime();
    expect(() => rt.allocate(2 << 20)).toThrow(TesseraError);
    expect(() => rt.allocate(2 << 20)).toThrow(/2097152 bytes exceeds the device's maxStorageBufferBindingSize of 1048576/);
  });

  it('surfaces an out-of-memory error scope at the next read, once', async () => {
    const { rt, device } = runtime();
    device.nextScopeError = { message: 'not enough memory' };
    rt.allocate(1024);
    await expect(rt.settle()).rejects.toThrow(/^webgpu: out of memory allocating 1024 bytes: not enough memory/);
    await expect(rt.settle()).resolves.toBeUndefined();
  });

  it('throws an uncaptured validation error at the next call, naming that call', () => {
    const { rt, device } = runtime();
    class GPUValidationError { constructor(readonly message: string) {} }
    device.dispatchEvent(Object.assign(new Event('uncapturederror'), { error: new GPUValidationError('bad binding') }));
    expect(() => rt.check('matmul')).toThrow(/^matmul: validation error: bad binding$/);
    expect(() => rt.check('matmul')).not.toThrow();
  });

  it('keeps throwing after the device is lost', async () => {
    const { rt, device } = runtime();
    device.loseDevice({ reason: 'unknown', message: 'GPU reset' });
    await new Promise((r) => setTimeout(r, 0));
    expect(() => rt.check('conv2d')).toThrow(/^conv2d: device lost \(unknown\): GPU reset$/);
    expect(() => rt.check('add')).toThrow(/^add: device lost/);
    await expect(rt.settle()).rejects.toThrow(/device lost/);
  });
});
