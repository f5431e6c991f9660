import { TesseraError } from '@tessera/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend, WasmBuffer } from '../src/index.js';
import { Arena } from '../src/runtime/arena.js';
import { backend, randomArray, readBuf, tensor } from './helpers.js';

describe('arena', () => {
  const make = () => {
    let limit = 1 << 20;
    const grown: number[] = [];
    const arena = new Arena(1000, (end) => { if (end > limit) { grown.push(end); limit = end; } });
    return { arena, grown };
  };

  it('aligns blocks to 64 bytes and reuses freed blocks of the same size', () => {
    const { arena } = make();
    const a = arena.alloc(10), b = arena.alloc(100), c = arena.alloc(64);
    for (const p of [a, b, c]) expect(p % 64).toBe(0);
    expect(arena.sizeOf(b)).toBe(128);
    arena.free(b);
    expect(arena.alloc(120)).toBe(b);
    expect(arena.usedBytes).toBe(64 + 128 + 64);
  });

  it('coalesces neighbours and lowers the top when the last block is freed', () => {
    const { arena } = make();
    const blocks = [1, 2, 3, 4].map(() => arena.alloc(256));
    const top = arena.end;
    arena.free(blocks[1]);
    arena.free(blocks[2]);
    expect(arena.freeBytes).toBe(512);
    // One block of 512 fits into the merged gap instead of growing the heap.
    expect(arena.alloc(512)).toBe(blocks[1]);
    expect(arena.end).toBe(top);
    arena.free(blocks[3]);
    expect(arena.end).toBe(top - 256);
    expect(() => arena.free(blocks[3])).toThrow(/double free/);
  });

  it('splits a large free block and keeps the remainder', () => {
    const { arena } = make();
    const big = arena.alloc(64 * 100);
    const guard = arena.alloc(64);
    arena.free(big);
    const small = arena.alloc(64 * 10);
    expect(small).toBe(big);
    expect(arena.freeBytes).toBe(64 * 90);
    expect(arena.alloc(64 * 90)).toBe(big + 640);
    expect(arena.freeBytes).toBe(0);
    arena.free(guard);
  });

  it('asks for more memory only when no free block fits', () => {
    const { arena, grown } = make();
    const a = arena.alloc(600_000);
    expect(grown).toHaveLength(0);
    arena.free(a);
    arena.alloc(300_000);
    arena.alloc(300_000);
    expect(grown).toHaveLength(0);
    arena.alloc(600_000);
    expect(grown).toHaveLength(1);
  });
});

describe('backend memory', () => {
  let be: WasmBackend;
  beforeAll(async () => { be = await backend(); });
  afterAll(() => be.dispose());

  it('in-use bytes return to baseline and the heap stops growing once blocks are reused', () => {
    const base = be.memoryInfo();
    const round = () => {
      const bufs: WasmBuffer[] = [];
      for (let i = 1; i <= 50; i++) {
        const x = tensor(be, randomArray(i * 997, i), [i * 997]);
        bufs.push(x.buffer, be.unary('exp', x), be.binary('add', x, x, [i * 997]));
      }
      for (const b of bufs) be.free(b);
    };
    round();
    const heap = be.memoryInfo().heapBytes;
    expect(be.memoryInfo().inUseBytes).toBe(base.inUseBytes);
    for (let r = 0; r < 5; r++) round();
    expect(be.memoryInfo().heapBytes).toBe(heap);
    expect(be.memoryInfo().inUseBytes).toBe(base.inUseBytes);
    expect(be.memoryInfo().tensorBuffers).toBe(base.tensorBuffers);
  });

  it('views survive memory growth: data written before a growth reads back after it', () => {
    const x = tensor(be, [1.5, -2, 3], [3]);
    const before = be.memoryInfo().heapBytes;
    const big = be.fill(40_000_000, 1, 'float32');
    expect(be.memoryInfo().heapBytes).toBeGreaterThan(before);
    expect(Array.from(readBuf(be, x.buffer, 3))).toEqual([1.5, -2, 3]);
    expect(readBuf(be, big, 40_000_000)[39_999_999]).toBe(1);
    be.free(big);
    be.free(x.buffer);
  });

  it('a tensor larger than the wasm32 address space is a clear TesseraError', () => {
    expect(() => be.fill(2 ** 31, 0, 'float32')).toThrow(TesseraError);
    expect(() => be.fill(2 ** 31, 0, 'float32')).toThrow(/^fill: a float32 tensor of 2147483648 elements \(8589934592 bytes\) does not fit wasm32's 4 GiB address space$/);
    const big = { buffer: be.fill(1, 0, 'float32'), shape: [1, 70000, 1], dtype: 'float32' as const, size: 70000 };
    const wide = { buffer: be.fill(1, 0, 'float32'), shape: [1, 1, 70000], dtype: 'float32' as const, size: 70000 };
    expect(() => be.matmul(big, wide, { transposeA: false, transposeB: false })).toThrow(/^matmul: .*4 GiB/);
  });
});

describe('memory limits', () => {
  it('exceeding maxMemoryBytes or a failed growth throws a TesseraError, and the backend keeps working', async () => {
    const be = await backend({ maxMemoryBytes: 32 * 1024 * 1024 });
    expect(() => be.fill(16_000_000, 0, 'float32')).toThrow(/^fill: needs 6\d\.\d MiB of WebAssembly memory, above the backend's limit of 32\.0 MiB \(option maxMemoryBytes\)$/);
    const memory = be.rt.memory;
    const grow = memory.grow.bind(memory);
    memory.grow = () => { throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'); };
    try {
      expect(() => be.fill(5_000_000, 0, 'float32')).toThrow(/^fill: could not grow WebAssembly memory from 16\.0 MiB to .* MiB: WebAssembly.Memory.grow\(\): Maximum memory size exceeded$/);
    } finally {
      memory.grow = grow;
    }
    const x = tensor(be, [1, 2], [2]);
    expect(Array.from(readBuf(be, be.unary('neg', x), 2))).toEqual([-1, -2]);
    expect(be.memoryInfo().tensorBuffers).toBe(2);
    be.dispose();
  });
});
