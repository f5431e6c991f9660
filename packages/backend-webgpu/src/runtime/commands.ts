import { BufferUsage } from './constants.js';

/** Uniform slots per command batch; also the most dispatches one submit carries. */
const ARENA_SLOTS = 128;

interface Arena {
  gpu: GPUBuffer;
  data: Uint8Array<ArrayBuffer>;
  used: number;
}

/**
 * Records many dispatches into one command encoder and one compute pass, and submits only when
 * asked (before a read), when the uniform arena is full, or after `maxDispatches`. Uniforms of
 * all dispatches of a batch go into one buffer written with a single `writeBuffer` at submit.
 */
export class CommandQueue {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private arena: Arena | null = null;
  private readonly spareArenas: Arena[] = [];
  private readonly slot: number;
  private dispatches = 0;
  /** Work to run right after every submit (the pool recycles released buffers there). */
  readonly afterSubmit: (() => void)[] = [];
  submits = 0;

  constructor(private readonly device: GPUDevice, private readonly maxDispatches: number) {
    this.slot = Math.max(256, device.limits.minUniformBufferOffsetAlignment);
  }

  /** Nothing recorded since the last submit. */
  get idle(): boolean {
    return this.encoder === null;
  }

  get pendingDispatches(): number {
    return this.dispatches;
  }

  private ensureEncoder(): GPUCommandEncoder {
    if (!this.encoder) this.encoder = this.device.createCommandEncoder();
    return this.encoder;
  }

  private takeArena(): Arena {
    const spare = this.spareArenas.pop();
    if (spare) { spare.used = 0; return spare; }
    const size = this.slot * ARENA_SLOTS;
    const gpu = this.device.createBuffer({ size, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    return { gpu, data: new Uint8Array(size), used: 0 };
  }

  dispatch(pipeline: GPUComputePipeline, buffers: readonly GPUBuffer[], uniforms: Uint32Array | null,
    groups: readonly [number, number, number]): void {
    const bytes = uniforms ? Math.ceil(uniforms.byteLength / this.slot) * this.slot : 0;
    if (uniforms && this.arena && this.arena.used + bytes > this.arena.data.length) this.submit();
    if (this.dispatches >= this.maxDispatches) this.submit();
    const entries: GPUBindGroupEntry[] = [];
    if (uniforms) {
      if (!this.arena) this.arena = this.takeArena();
      const arena = this.arena;
      if (bytes > arena.data.length) throw new RangeError(`uniforms of ${uniforms.byteLength} bytes exceed the arena`);
      arena.data.set(new Uint8Array(uniforms.buffer, uniforms.byteOffset, uniforms.byteLength), arena.used);
      entries.push({ binding: 0, resource: { buffer: arena.gpu, offset: arena.used, size: uniforms.byteLength } });
      arena.used += bytes;
    }
    buffers.forEach((buffer, i) => entries.push({ binding: i + 1, resource: { buffer } }));
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    if (!this.pass) this.pass = this.ensureEncoder().beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    this.dispatches++;
  }

  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, size: number): void {
    this.endPass();
    this.ensureEncoder().copyBufferToBuffer(src, srcOffset, dst, dstOffset, size);
  }

  /** Zero-fills the first `size` bytes of a buffer (a multiple of 4). */
  clear(buffer: GPUBuffer, size: number): void {
    this.endPass();
    this.ensureEncoder().clearBuffer(buffer, 0, size);
  }

  private endPass(): void {
    if (this.pass) { this.pass.end(); this.pass = null; }
  }

  /** Submits everything recorded so far (a no-op when nothing is recorded). */
  submit(): void {
    if (this.encoder) {
      this.endPass();
      const arena = this.arena;
      if (arena && arena.used > 0) this.device.queue.writeBuffer(arena.gpu, 0, arena.data, 0, arena.used);
      this.device.queue.submit([this.encoder.finish()]);
      this.submits++;
      this.encoder = null;
      this.dispatches = 0;
      // The queue runs writeBuffer calls before later submits, so the arena may be refilled now.
      if (arena) { this.spareArenas.push(arena); this.arena = null; }
    }
    for (const fn of this.afterSubmit) fn();
  }

  destroy(): void {
    this.encoder = null;
    this.pass = null;
    for (const a of this.spareArenas) a.gpu.destroy();
    this.arena?.gpu.destroy();
  }
}
