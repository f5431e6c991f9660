import { BufferUsage } from './constants.js';

/**
 * A tensor's storage on the device. `bytes` is what the tensor needs; `capacity` is the size
 * of the pooled GPU buffer behind it (a bucket size, at least `bytes`).
 */
export class GPUTensorBuffer {
  /** Reads in flight that still have to copy from this buffer. */
  pins = 0;
  released = false;

  constructor(readonly gpu: GPUBuffer, readonly bytes: number, readonly capacity: number) {}
}

/**
 * Rounds a byte count up to its bucket: four buckets per power of two (at most 25% slack), and
 * never below 16 bytes, so buffers of similar sizes are interchangeable.
 */
export function bucketSize(bytes: number): number {
  if (bytes <= 16) return 16;
  const top = 2 ** Math.floor(Math.log2(bytes));
  if (bytes === top) return bytes;
  const quarter = top / 4;
  return top + Math.ceil((bytes - top) / quarter) * quarter;
}

export interface PoolStats {
  /** Bytes of buffers held by live tensors (bucket sizes). */
  inUseBytes: number;
  inUseBuffers: number;
  /** Bytes of free buffers kept for reuse. */
  pooledBytes: number;
  /** Bytes freed by tensors whose last commands are not submitted yet. */
  pendingBytes: number;
  /** GPU buffers created since the backend started. */
  created: number;
  /** Allocations served from the pool. */
  reused: number;
}

/**
 * Size-bucketed buffer pool. A freed buffer is not reusable at once: commands recorded but not
 * yet submitted may still use it, and a `queue.writeBuffer` into it would run before them. It
 * waits in `pending` until the next submit moves it to the free lists.
 */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private pending: GPUTensorBuffer[] = [];
  private readonly stats: PoolStats = {
    inUseBytes: 0, inUseBuffers: 0, pooledBytes: 0, pendingBytes: 0, created: 0, reused: 0,
  };

  constructor(
    private readonly createBuffer: (size: number, usage: number) => GPUBuffer,
    private readonly maxPooledBytes: number,
    /** True when no commands are recorded but unsubmitted: a released buffer is free at once. */
    private readonly idle: () => boolean = () => false,
    private readonly usage = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST,
  ) {}

  acquire(bytes: number): GPUTensorBuffer {
    const capacity = bucketSize(bytes);
    const list = this.free.get(capacity);
    let gpu = list?.pop();
    if (gpu) {
      this.stats.pooledBytes -= capacity;
      this.stats.reused++;
    } else {
      gpu = this.createBuffer(capacity, this.usage);
      this.stats.created++;
    }
    this.stats.inUseBytes += capacity;
    this.stats.inUseBuffers++;
    return new GPUTensorBuffer(gpu, bytes, capacity);
  }

  /** Returns a buffer; it becomes reusable after the next submit (and after pending reads). */
  release(buffer: GPUTensorBuffer): void {
    if (buffer.released) return;
    buffer.released = true;
    this.stats.inUseBytes -= buffer.capacity;
    this.stats.inUseBuffers--;
    this.stats.pendingBytes += buffer.capacity;
    this.pending.push(buffer);
    // Everything that used it is already submitted (typical after a read), so recycle it now
    // rather than creating a new buffer for the next allocation of this size.
    if (buffer.pins === 0 && this.idle()) this.afterSubmit();
  }

  /** Called right after a submit: everything released before it may be reused now. */
  afterSubmit(): void {
    const still: GPUTensorBuffer[] = [];
    for (const buffer of this.pending) {
      if (buffer.pins > 0) { still.push(buffer); continue; }
      this.stats.pendingBytes -= buffer.capacity;
      if (this.stats.pooledBytes + buffer.capacity > this.maxPooledBytes) {
        buffer.gpu.destroy();
        continue;
      }
      let list = this.free.get(buffer.capacity);
      if (!list) this.free.set(buffer.capacity, (list = []));
      list.push(buffer.gpu);
      this.stats.pooledBytes += buffer.capacity;
    }
    this.pending = still;
  }

  pendingCount(): number {
    return this.pending.length;
  }

  snapshot(): PoolStats {
    return { ...this.stats };
  }

  /** Destroys every buffer the pool holds (not those still in use). */
  drain(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.stats.pooledBytes = 0;
  }

  destroyAll(): void {
    this.drain();
    for (const b of this.pending) b.gpu.destroy();
    this.pending = [];
    this.stats.pendingBytes = 0;
  }
}
