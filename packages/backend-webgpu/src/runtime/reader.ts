import type { GPUTensorBuffer } from './buffer-pool.js';
import { BufferUsage, MapMode } from './constants.js';
import type { CommandQueue } from './commands.js';

interface ReadRequest {
  buffer: GPUTensorBuffer;
  bytes: number;
  resolve: (bytes: ArrayBuffer) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads requested in the same tick share one staging buffer, one submit and one `mapAsync`.
 * A buffer being read is pinned, so freeing it before the copy is recorded cannot hand it to
 * another tensor.
 */
export class Reader {
  private batch: ReadRequest[] = [];
  private scheduled = false;
  maps = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly commands: CommandQueue,
    private readonly unpin: (buffer: GPUTensorBuffer) => void,
    private readonly beforeResolve: () => Promise<void>,
  ) {}

  /** True while reads wait for this tick's flush (which will submit everything recorded). */
  get pending(): boolean {
    return this.scheduled;
  }

  read(buffer: GPUTensorBuffer, bytes: number): Promise<ArrayBuffer> {
    buffer.pins++;
    return new Promise((resolve, reject) => {
      this.batch.push({ buffer, bytes, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    this.scheduled = false;
    const offsets: number[] = [];
    let total = 0;
    for (const r of batch) {
      offsets.push(total);
      total += Math.ceil(r.bytes / 4) * 4;
    }
    let staging: GPUBuffer | null = null;
    try {
      if (total > 0) {
        staging = this.device.createBuffer({ size: total, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
        batch.forEach((r, i) => {
          const size = Math.ceil(r.bytes / 4) * 4;
          if (size > 0) this.commands.copy(r.buffer.gpu, 0, staging!, offsets[i], size);
        });
      }
      for (const r of batch) this.unpin(r.buffer);
      this.commands.submit();
      if (staging) {
        await staging.mapAsync(MapMode.READ);
        this.maps++;
        const all = staging.getMappedRange();
        const copies = batch.map((r, i) => all.slice(offsets[i], offsets[i] + r.bytes));
        staging.unmap();
        await this.beforeResolve();
        batch.forEach((r, i) => r.resolve(copies[i]));
      } else {
        await this.beforeResolve();
        for (const r of batch) r.resolve(new ArrayBuffer(0));
      }
    } catch (error) {
      for (const r of batch) r.reject(error);
    } finally {
      staging?.destroy();
    }
  }
}
