import { TesseraError, type TypedArray } from '@tessera/tensor';

/**
 * A buffer of the JS backend: one typed array in the storage type of its dtype (Float32Array,
 * Int32Array, or Uint8Array holding 0/1 for bool). Views of one tensor (reshape) share it.
 */
export class JsBuffer {
  #values: TypedArray | null;

  constructor(values: TypedArray) {
    this.#values = values;
  }

  /** The stored values. Throws once the buffer has been freed, so a stale handle fails loudly. */
  get values(): TypedArray {
    if (this.#values === null) throw new TesseraError('backend-js', 'buffer used after free');
    return this.#values;
  }

  get freed(): boolean {
    return this.#values === null;
  }

  /** Drops the array so the memory can be collected; returns the bytes released. */
  release(): number {
    if (this.#values === null) throw new TesseraError('backend-js', 'buffer freed twice');
    const bytes = this.#values.byteLength;
    this.#values = null;
    return bytes;
  }
}
