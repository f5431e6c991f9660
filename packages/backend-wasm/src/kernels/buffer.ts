import type { DType } from '@tessera/tensor';
import type { Runtime } from '../runtime/runtime.js';

/** A tensor's storage: a block of the WASM heap. */
export class WasmBuffer {
  constructor(readonly ptr: number, readonly bytes: number) {}
}

/** What kernels need from the backend: the runtime and tracked output allocation. */
export interface KernelContext {
  readonly rt: Runtime;
  /** A new, uninitialised buffer of `size` elements of `dtype`, counted as a live tensor buffer. */
  output(size: number, dtype: DType, op: string): WasmBuffer;
  /** A temporary heap block for intermediate results; release with `release`. */
  temp(bytes: number, op: string): number;
  release(ptr: number): void;
}
