import type { Runner } from './adapters/types.js';

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly reps: number;
}

export interface MeasureOptions {
  /** Time budget per kernel and adapter, after warm-up, split over `rounds`. */
  readonly budgetMs: number;
  readonly minReps: number;
  readonly maxReps: number;
  /** Warm-up time: WebAssembly engines first run baseline code and swap in optimised code later. */
  readonly warmupMs: number;
  /** A first run slower than this is reported as a single cold run instead of being repeated. */
  readonly slowMs: number;
  /**
   * The adapters of a kernel take turns this many times, so each one's samples spread over the
   * same stretch of time and a change in machine load hits every figure of a ratio alike.
   */
  readonly rounds: number;
}

export const DEFAULT_MEASURE: MeasureOptions = { budgetMs: 1500, minReps: 6, maxReps: 45, warmupMs: 500, slowMs: 3000, rounds: 3 };

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function time(runner: Runner): Promise<number> {
  await runner.prepare?.();
  const t = performance.now();
  await runner.run();
  return performance.now() - t;
}

/**
 * Warms a runner up for `warmupMs` (at least two runs). Returns the cold first run's time when it
 * exceeded `slowMs` (the runner is then not repeated: it would take minutes and say nothing new),
 * otherwise null.
 */
export async function warmUp(runner: Runner, options: MeasureOptions): Promise<number | null> {
  const first = await time(runner);
  if (first > options.slowMs) return first;
  let warm = first;
  for (let runs = 1; runs < 2 || (warm < options.warmupMs && runs < 200); runs++) warm += await time(runner);
  return null;
}

/** One turn of sampling: runs until `budgetMs` is spent, at least `minReps`, at most `maxReps` times. */
export async function sample(runner: Runner, budgetMs: number, minReps: number, maxReps: number): Promise<number[]> {
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minReps || (times.length < maxReps && performance.now() - start < budgetMs)) times.push(await time(runner));
  return times;
}

export function summarize(times: readonly number[]): Timing {
  return { medianMs: median(times), minMs: Math.min(...times), reps: times.length };
}
