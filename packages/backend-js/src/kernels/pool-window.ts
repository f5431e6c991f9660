/** The in-bounds part `[start, end)` of a pooling window along one axis. */
export interface WindowRange {
  start: number;
  end: number;
}

/** Clips the window of output index `o` along an axis of length `size` to the unpadded cells. */
export function clipWindow(o: number, stride: number, padBefore: number, window: number, size: number, range: WindowRange): void {
  const first = o * stride - padBefore;
  range.start = Math.max(first, 0);
  range.end = Math.min(first + window, size);
}

