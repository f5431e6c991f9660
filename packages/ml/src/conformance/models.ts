import type { CaseContext, HandlerResult } from '@tessera/conformance';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { LogisticRegression } from '../linear/logistic-regression.js';
import { DecisionTreeClassifier } from '../tree/decision-tree.js';
import { RandomForestClassifier } from '../ensemble/random-forest-classifier.js';
import { KMeans } from '../cluster/kmeans.js';
import { caseDataset, rows } from './datasets.js';
import { matrixValue, vectorValue } from './values.js';

/** Multinomial L2 logistic regression on standardized iris (scaler fitted on the train rows). */
export async function logisticRegression(ctx: CaseContext): Promise<HandlerResult> {
  const ds = caseDataset(ctx);
  const train = rows(ds, ctx.attr<number[]>('train_idx')), test = rows(ds, ctx.attr<number[]>('test_idx'));
  const scaler = await new StandardScaler().fit(train.x);
  const model = await new LogisticRegression({
    C: ctx.attr<number>('C'), maxIter: ctx.attr<number>('max_iter'), tol: ctx.attr<number>('tol'),
    multiClass: ctx.attr<'multinomial'>('multi_class'),
  }).fit(scaler.transform(train.x), train.y);
  const xt = scaler.transform(test.x);
  return {
    outputs: {
      coef: matrixValue(model.coef_), intercept: vectorValue(model.intercept_),
      predict_proba_test: matrixValue(model.predictProba(xt)), predictions_test: model.predict(xt),
      accuracy_test: model.score(xt, test.y), scaler_mean: vectorValue(scaler.mean_), scaler_scale: vectorValue(scaler.scale_),
    },
  };
}

export async function decisionTree(ctx: CaseContext): Promise<HandlerResult> {
  const ds = caseDataset(ctx);
  const train = rows(ds, ctx.attr<number[]>('train_idx')), test = rows(ds, ctx.attr<number[]>('test_idx'));
  const model = await new DecisionTreeClassifier({
    criterion: ctx.attr<'gini'>('criterion'), maxDepth: ctx.attr<number>('max_depth'), randomState: ctx.attr<number>('random_state'),
  }).fit(train.x, train.y);
  const t = model.tree_;
  const counts = Array.from({ length: t.nodeCount }, (_, i) => Array.from(t.value.subarray(i * t.width, (i + 1) * t.width)));
  return {
    outputs: {
      predictions_test: model.predict(test.x), accuracy_test: model.score(test.x, test.y), accuracy_train: model.score(train.x, train.y),
      tree_feature: Array.from(t.feature), tree_threshold: Array.from(t.threshold),
      tree_children_left: Array.from(t.left), tree_children_right: Array.from(t.right),
      tree_value_counts: counts, n_leaves: model.getNLeaves(),
    },
  };
}

/**
 * Random forest accuracy on digits for each seed. The forest is stochastic and its random
 * streams are not numpy's, so the fixture asks for a band, not its per-seed values (the runner's
 * skip list marks those values as not compared): the handler fits one forest per seed, reports
 * its own accuracies, and fails the case when any of them leaves `suggested_band`.
 */
export async function randomForest(ctx: CaseContext): Promise<HandlerResult> {
  const ds = caseDataset(ctx);
  const testIdx = ctx.attr<number[]>('test_idx');
  const isTest = new Set(testIdx);
  const trainIdx = Array.from({ length: ds.x.rows }, (_, i) => i).filter((i) => !isTest.has(i));
  const train = rows(ds, trainIdx), test = rows(ds, testIdx);
  const [lo, hi] = (ctx.fixture.outputs as { suggested_band: [number, number] }).suggested_band;
  const accuracies: number[] = [];
  for (const seed of ctx.attr<number[]>('seeds')) {
    const model = await new RandomForestClassifier({
      nEstimators: ctx.attr<number>('n_estimators'), maxFeatures: ctx.attr<'sqrt'>('max_features'),
      bootstrap: ctx.attr<boolean>('bootstrap'), randomState: seed,
    }).fit(train.x, train.y);
    accuracies.push(model.score(test.x, test.y));
  }
  const outside = accuracies.filter((a) => a < lo || a > hi);
  if (outside.length > 0) throw new Error(`random forest accuracies ${accuracies.join(', ')} leave the band [${lo}, ${hi}]`);
  return { outputs: { accuracies, min: Math.min(...accuracies), max: Math.max(...accuracies) } };
}

/** k-means with k-means++ and restarts on standardized iris, one fit per seed. */
export async function kmeans(ctx: CaseContext): Promise<HandlerResult> {
  const ds = caseDataset(ctx);
  const x = await new StandardScaler().fitTransform(ds.x);
  const inertias: number[] = [], sizes: number[][] = [];
  for (const seed of ctx.attr<number[]>('seeds')) {
    const model = await new KMeans({ nClusters: ctx.attr<number>('n_clusters'), nInit: ctx.attr<number>('n_init'), init: ctx.attr<'k-means++'>('init'), randomState: seed }).fit(x);
    inertias.push(model.inertia_);
    const counts = new Array<number>(model.clusterCenters_.rows).fill(0);
    for (const l of model.labels_) counts[l]++;
    sizes.push(counts.sort((a, b) => a - b));
  }
  return { outputs: { inertias, best_inertia: Math.min(...inertias), worst_inertia: Math.max(...inertias), cluster_sizes_sorted: sizes } };
}
