import { fail } from '@tessera/tensor';
import { param } from '../core/params.js';

export type MaxFeatures = number | 'sqrt' | 'log2' | null;

export function maxFeaturesParam(def: MaxFeatures): ReturnType<typeof param.custom<MaxFeatures>> {
  return param.custom<MaxFeatures>(def,
    "Features examined per split: null (all), 'sqrt', 'log2', an integer count, or a fraction in (0, 1].",
    (v) => (v === null || v === 'sqrt' || v === 'log2' || (typeof v === 'number' && ((Number.isInteger(v) && v >= 1) || (v > 0 && v <= 1)))
      ? undefined : `must be null, 'sqrt', 'log2', a positive integer or a fraction in (0, 1]; got ${JSON.stringify(v)}`));
}

/** Hyperparameters of a single CART tree (scikit-learn's names and defaults). */
export function treeParams<const C extends string>(criterion: C, criteria: readonly C[], maxFeatures: MaxFeatures) {
  return {
    criterion: param.oneOf(criterion, criteria, 'Impurity measure a split minimizes.'),
    maxDepth: param.intOrNull(null, 'Maximum depth (null: grow until leaves are pure or too small).', { min: 1 }),
    minSamplesSplit: param.int(2, 'Fewest samples a node needs to be split.', { min: 2 }),
    minSamplesLeaf: param.int(1, 'Fewest samples each child of a split must keep.', { min: 1 }),
    maxFeatures: maxFeaturesParam(maxFeatures),
    minImpurityDecrease: param.number(0, 'Split only when the weighted impurity decrease is at least this.', { min: 0 }),
    randomState: param.seed('Seed of the feature order at each split (ties between equally good splits depend on it).'),
  } as const;
}

/** The number of features a split examines, for `d` features. */
export function resolveMaxFeatures(op: string, v: MaxFeatures, d: number): number {
  if (v === null) return d;
  if (v === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (v === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (Number.isInteger(v) && v > 1) {
    if (v > d) fail(op, `maxFeatures ${v} > number of features ${d}`);
    return v;
  }
  return Math.max(1, Math.floor(v * d));
}
