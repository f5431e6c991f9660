/**
 * The allocator of the WASM heap, kept on the TypeScript side so kernels never allocate.
 *
 * Blocks are multiples of 64 bytes (cache-line aligned, so SIMD loads never straddle lines at a
 * tensor's start). Free blocks are coalesced with their neighbours and kept in size-class bins
 * (exact classes below 2 KiB, four classes per power of two above), so a training step that frees
 * and re-allocates the same shapes reuses the same blocks. A freed block at the top of the used
 * region lowers the top instead, and the heap grows only when no free block is large enough.
 */

export const ALIGN = 64;
const EXACT = 32;
const BINS = 160;

function binOf(size: number): number {
  const units = size / ALIGN;
  if (units < EXACT) return units;
  const e = 31 - Math.clz32(units);
  return EXACT + (e - 5) * 4 + ((units >>> (e - 2)) & 3);
}

export class Arena {
  private top: number;
  private readonly bins: Set<number>[] = Array.from({ length: BINS }, () => new Set<number>());
  private readonly freeAt = new Map<number, number>(); // start -> size
  private readonly freeEnd = new Map<number, number>(); // end -> start
  private readonly used = new Map<number, number>(); // start -> size
  private freeTotal = 0;
  private usedTotal = 0;

  /**
   * @param base first usable byte
   * @param ensure makes the heap at least `end` bytes long (growing memory) or throws
   */
  constructor(readonly base: number, private readonly ensure: (end: number, op: string) => void) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  static round(bytes: number): number {
    return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  }

  /** Returns the start of a block of at least `bytes` bytes; `op` names the caller in errors. */
  alloc(bytes: number, op = 'wasm'): number {
    const size = Arena.round(bytes);
    const start = this.takeFree(size);
    if (start >= 0) return this.markUsed(start, size);
    this.ensure(this.top + size, op);
    const at = this.top;
    this.top += size;
    return this.markUsed(at, size);
  }

  free(start: number): void {
    const size = this.used.get(start);
    if (size === undefined) throw new Error(`arena: double free or foreign pointer ${start}`);
    this.used.delete(start);
    this.usedTotal -= size;
    let s = start, e = start + size;
    const before = this.freeEnd.get(s);
    if (before !== undefined) { this.removeFree(before); s = before; }
    const afterSize = this.freeAt.get(e);
    if (afterSize !== undefined) { this.removeFree(e); e += afterSize; }
    if (e === this.top) this.top = s;
    else this.addFree(s, e - s);
  }

  sizeOf(start: number): number {
    return this.used.get(start) ?? 0;
  }

  /** Bytes in allocated blocks. */
  get usedBytes(): number { return this.usedTotal; }
  /** Bytes in free blocks below the top. */
  get freeBytes(): number { return this.freeTotal; }
  /** End of the highest allocated block. */
  get end(): number { return this.top; }
  get blocks(): number { return this.used.size; }

  private markUsed(start: number, size: number): number {
    this.used.set(start, size);
    this.usedTotal += size;
    return start;
  }

  private takeFree(size: number): number {
    for (let b = binOf(size); b < BINS; b++) {
      const bin = this.bins[b];
      if (bin.size === 0) continue;
      for (const start of bin) {
        const have = this.freeAt.get(start)!;
        if (have < size) continue;
        this.removeFree(start);
        if (have > size) this.addFree(start + size, have - size);
        return start;
      }
    }
    return -1;
  }

  private addFree(start: number, size: number): void {
    this.freeAt.set(start, size);
    this.freeEnd.set(start + size, start);
    this.bins[binOf(size)].add(start);
    this.freeTotal += size;
  }

  private removeFree(start: number): void {
    const size = this.freeAt.get(start)!;
    this.freeAt.delete(start);
    this.freeEnd.delete(start + size);
    this.bins[binOf(size)].delete(start);
    this.freeTotal -= size;
  }
}
