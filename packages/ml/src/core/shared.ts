/** Typed arrays in shared memory where the runtime has it, so worker threads can read them without a copy. */

export function canShare(): boolean {
  return typeof SharedArrayBuffer === 'function';
}

function buffer(bytes: number): ArrayBuffer | SharedArrayBuffer {
  return canShare() ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

export function isShared(a: ArrayBufferView): boolean {
  return canShare() && a.buffer instanceof SharedArrayBuffer;
}

export function sharedFloat64(n: number): Float64Array { return new Float64Array(buffer(n * 8)); }
export function sharedFloat32(n: number): Float32Array { return new Float32Array(buffer(n * 4)); }
export function sharedInt32(n: number): Int32Array { return new Int32Array(buffer(n * 4)); }
export function sharedUint8(n: number): Uint8Array { return new Uint8Array(buffer(n)); }

/** A copy of `a` in shared memory (where available). */
export function sharedCopy(a: Float64Array): Float64Array {
  const out = sharedFloat64(a.length);
  out.set(a);
  return out;
}

/** `a` itself when it already lives in shared memory, else a shared copy. */
export function asShared(a: Float64Array): Float64Array {
  return isShared(a) ? a : sharedCopy(a);
}
