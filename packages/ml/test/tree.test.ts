import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier, DecisionTreeRegressor, estimatorFromJSON } from '../src/index.js';
import { camel, dataset, maxAbsDiff, reference } from './helpers.js';

describe('CART trees against scikit-learn 1.2.1', () => {
  for (const ref of reference.trees) {
    it(`${ref.kind} on ${ref.dataset} with ${JSON.stringify(ref.params)}`, async () => {
      const { X, y } = dataset(ref.dataset);
      const params = camel(ref.params);
      let tree;
      if (ref.kind === 'classifier') tree = await new DecisionTreeClassifier(params).fit(X, y);
      else {
        const target = X.column(0);
        const rest = X.toArray().map((r) => r.slice(1));
        tree = await new DecisionTreeRegressor(params).fit(rest, target);
      }
      const t = tree.tree_;
      expect(Array.from(t.feature)).toEqual(ref.feature);
      expect(Array.from(t.left)).toEqual(ref.left);
      expect(Array.from(t.right)).toEqual(ref.right);
      expect(maxAbsDiff(t.threshold, ref.threshold)).toBeLessThan(1e-12);
      expect(maxAbsDiff(t.value, ref.value.flat())).toBeLessThan(1e-9);
      expect(maxAbsDiff(t.impurity, ref.impurity)).toBeLessThan(1e-9);
      expect(maxAbsDiff(tree.featureImportances_, ref.importances)).toBeLessThan(1e-9);
    });
  }
});

describe('DecisionTreeClassifier', () => {
  it('splits midway between values and predicts leaf majorities', async () => {
    const tree = await new DecisionTreeClassifier().fit([[0], [1], [2], [3]], ['a', 'a', 'b', 'b']);
    expect(tree.tree_.threshold[0]).toBe(1.5);
    expect(tree.predict([[1.4], [1.6]])).toEqual(['a', 'b']);
    expect(tree.getDepth()).toBe(1);
    expect(tree.getNLeaves()).toBe(2);
    expect(Array.from(tree.apply([[0], [3]]))).toEqual([1, 2]);
  });

  it('respects maxDepth, minSamplesLeaf and minImpurityDecrease', async () => {
    const { X, y } = dataset('wine.csv');
    expect((await new DecisionTreeClassifier({ maxDepth: 2, randomState: 0 }).fit(X, y)).getDepth()).toBe(2);
    const leafy = await new DecisionTreeClassifier({ minSamplesLeaf: 10, randomState: 0 }).fit(X, y);
    const t = leafy.tree_;
    for (let i = 0; i < t.nodeCount; i++) if (t.left[i] === -1) expect(t.nSamples[i]).toBeGreaterThanOrEqual(10);
    const stump = await new DecisionTreeClassifier({ minImpurityDecrease: 0.2, randomState: 0 }).fit(X, y);
    expect(stump.tree_.nodeCount).toBeLessThan(leafy.tree_.nodeCount);
  });

  it('treats a constant feature as unsplittable and a pure node as a leaf', async () => {
    const tree = await new DecisionTreeClassifier().fit([[5, 0], [5, 1], [5, 2]], [1, 1, 1]);
    expect(tree.tree_.nodeCount).toBe(1);
    const t2 = await new DecisionTreeClassifier({ randomState: 0 }).fit([[5, 0], [5, 1], [5, 2], [5, 3]], [0, 0, 1, 1]);
    expect(t2.tree_.feature[0]).toBe(1);
  });

  it('gives probabilities from leaf class shares and survives JSON', async () => {
    const { X, y } = dataset('iris.csv');
    const tree = await new DecisionTreeClassifier({ maxDepth: 2, randomState: 1 }).fit(X, y);
    const p = tree.predictProba(X);
    const copy = estimatorFromJSON(JSON.parse(JSON.stringify(tree))) as DecisionTreeClassifier;
    expect(Array.from(copy.predictProba(X).data)).toEqual(Array.from(p.data));
    expect(tree.score(X, y)).toBeGreaterThan(0.9);
  });

  it('rejects bad hyperparameters', () => {
    expect(() => new DecisionTreeClassifier({ maxDepth: 0 })).toThrow(/maxDepth: must be >= 1/);
    expect(() => new DecisionTreeClassifier({ maxFeatures: 'half' as never })).toThrow(/maxFeatures/);
    expect(() => new DecisionTreeClassifier({ criterion: 'squared_error' as never })).toThrow(/criterion/);
  });
});
