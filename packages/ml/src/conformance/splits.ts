import type { CaseContext, HandlerResult } from '@tessera/conformance';
import { KFold, StratifiedKFold } from '../model-selection/splitters.js';

export function kfold(ctx: CaseContext): HandlerResult {
  const folds = new KFold({ nSplits: ctx.attr<number>('n_splits'), shuffle: ctx.attr<boolean>('shuffle', false) }).split(ctx.attr<number>('n'));
  return { outputs: { test_indices: folds.map((f) => Array.from(f.test)), test_sizes: folds.map((f) => f.test.length) } };
}

/**
 * StratifiedKFold fold sizes and per-class counts. Where scikit-learn refuses (nSplits above
 * every class count) the fixture holds its error message; the handler returns the Error our
 * splitter raised, which the runner accepts in its place.
 */
export function stratifiedKfold(ctx: CaseContext): HandlerResult {
  const y = ctx.numbers('y');
  const classes = [...new Set(y)].sort((a, b) => a - b);
  const classTotals = classes.map((c) => y.filter((v) => v === c).length);
  const splitter = new StratifiedKFold({ nSplits: ctx.attr<number>('n_splits'), shuffle: ctx.attr<boolean>('shuffle', false) });
  let folds;
  try {
    folds = splitter.split(y.length, y);
  } catch (error) {
    // The runner counts any Error as matching the fixture's `error` (scikit-learn refused too).
    return { outputs: { error: error as Error, class_totals: classTotals } };
  }
  return {
    outputs: {
      test_sizes: folds.map((f) => f.test.length),
      test_class_counts: folds.map((f) => classes.map((c) => Array.from(f.test).filter((i) => y[i] === c).length)),
      class_totals: classTotals,
    },
  };
}
