/**
 * Automatic layer names: the snake_case class name with a per-prefix counter starting at 1
 * (`dense_1`, `dense_2`, `conv2d_1`), so weight names such as `dense_1/kernel` are unique in a
 * process. Models built in the same order get the same names, which is what lets a checkpoint's
 * optimizer state (keyed by variable name) find its variables again.
 */
const KEY = Symbol.for('tessera.nn.names');
type Holder = Record<symbol, Map<string, number> | undefined>;

function counters(): Map<string, number> {
  const g = globalThis as unknown as Holder;
  g[KEY] ??= new Map();
  return g[KEY]!;
}

export function uniqueName(prefix: string): string {
  const c = counters();
  const next = (c.get(prefix) ?? 0) + 1;
  c.set(prefix, next);
  return `${prefix}_${next}`;
}

/**
 * Records an explicit name such as `dense_3` (e.g. from a loaded model), so that later automatic
 * names continue after it instead of repeating it.
 */
export function noteName(name: string): void {
  const m = /^(.+)_(\d+)$/.exec(name);
  if (!m) return;
  const c = counters();
  const n = Number(m[2]);
  if (n > (c.get(m[1]) ?? 0)) c.set(m[1], n);
}

/** Restarts every automatic name counter (like Keras' `clear_session`). */
export function resetNames(): void {
  counters().clear();
}

export function snakeCase(className: string): string {
  return className
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
