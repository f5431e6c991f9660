import { TesseraError } from '@tessera/tensor';

export const PAGE = 65536;
/** wasm32 addresses 4 GiB: 65536 pages. */
export const MAX_PAGES = 65536;
export const WASM32_BYTES = MAX_PAGES * PAGE;

const MiB = 1024 * 1024;
const fmtMiB = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/**
 * The WebAssembly memory and typed-array views on it. Views are re-created whenever the memory
 * has grown (growth detaches a non-shared buffer; a shared one keeps its old length).
 */
export class Heap {
  u8!: Uint8Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  f32!: Float32Array;
  private length = -1;

  constructor(readonly memory: WebAssembly.Memory, readonly maxBytes: number) {
    this.refresh();
  }

  get bytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Re-creates the views if the memory grew since the last call. Cheap when it did not. */
  refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer.byteLength === this.length) return;
    this.length = buffer.byteLength;
    this.u8 = new Uint8Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.f32 = new Float32Array(buffer);
  }

  /**
   * Grows the memory so that `end` bytes are addressable. Grows by at least half the current
   * size to keep the number of growths logarithmic, never past `maxBytes`.
   */
  ensure(end: number, op: string): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (end > WASM32_BYTES) {
      throw new TesseraError(op, `needs ${end} bytes of WebAssembly memory, more than wasm32's 4 GiB address space`);
    }
    if (end > this.maxBytes) {
      throw new TesseraError(op, `needs ${fmtMiB(end)} of WebAssembly memory, above the backend's limit of ${fmtMiB(this.maxBytes)} (option maxMemoryBytes)`);
    }
    const want = Math.min(Math.max(end, Math.floor(have * 1.5)), this.maxBytes);
    const pages = Math.ceil(want / PAGE) - have / PAGE;
    const minPages = Math.ceil(end / PAGE) - have / PAGE;
    try {
      this.memory.grow(pages);
    } catch {
      // A large step can fail where the minimum still fits.
      try {
        this.memory.grow(minPages);
      } catch (error) {
        throw new TesseraError(op, `could not grow WebAssembly memory from ${fmtMiB(have)} to ${fmtMiB(end)}: ${(error as Error).message}`);
      }
    }
    this.refresh();
  }
}
