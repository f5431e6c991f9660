/**
 * WebGPU flag values from the specification. Written out here so the backend never needs the
 * `GPUBufferUsage` globals, which Node only has after someone copies them onto `globalThis`.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MapMode = { READ: 0x0001 } as const;

/** Threads per workgroup for one-thread-per-element kernels. */
export const WORKGROUP = 64;
