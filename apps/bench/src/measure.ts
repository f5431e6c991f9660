import type { Runner } from './adapters/types.js';

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly reps: number;
}

export interface MeasureOptions {
  /** Time budget per kernel and adapter, after warm-up. */
  readonly budgetMs: number;
  readonly minReps: number;
  readonly maxReps: number;
  /** Warm-up time: WebAssembly engines first run baseline code and swap in optimised code later. */
  readonly warmupMs: number;
  /** A first run slower than this is reported as a single cold run instead of being repeated. */
  readonly slowMs: number;
}

export const DEFAULT_MEASURE: MeasureOptions = { budgetMs: 1500, minReps: 5, maxReps: 40, warmupMs: 500, slowMs: 3000 };

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function time(runner: Runner): Promise<number> {
  const t = performance.now();
  await runner.run();
  return performance.now() - t;
}

/**
 * Warms up for `warmupMs` (at least two runs), then times runs until the budget is spent, with at
 * least `minReps` (3 when one run takes over a second) and at most `maxReps`. A first run over
 * `slowMs` is returned alone (reps 1): repeating it would take minutes and says nothing new.
 */
export async function measure(runner: Runner, options: MeasureOptions = DEFAULT_MEASURE): Promise<Timing> {
  const first = await time(runner);
  if (first > options.slowMs) return { medianMs: first, minMs: first, reps: 1 };
  let warm = first;
  let last = first;
  for (let runs = 1; runs < 2 || (warm < options.warmupMs && runs < 200); runs++) {
    last = await time(runner);
    warm += last;
  }
  const minReps = last > 1000 ? Math.min(3, options.minReps) : options.minReps;
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minReps || (times.length < options.maxReps && performance.now() - start < options.budgetMs)) {
    times.push(await time(runner));
  }
  return { medianMs: median(times), minMs: Math.min(...times), reps: times.length };
}
