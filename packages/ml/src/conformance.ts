import type { HandlerTable } from '@tessera/conformance';
import { knnClassifier } from './conformance/knn.js';
import { minmaxScaler, pca, standardScaler } from './conformance/preprocessing.js';
import { decisionTree, kmeans, logisticRegression, randomForest } from './conformance/models.js';
import { kfold, stratifiedKfold } from './conformance/splits.js';

/**
 * Handlers for the `classical` fixture suite (scikit-learn 1.2.1), keyed by fixture op. Datasets
 * are read from `../datasets` beside the fixture file. See each handler's doc comment for the
 * few places where the fixture itself calls a value implementation-defined (kNN tie rows, the
 * random forest band, StratifiedKFold's error text).
 */
export const classicalHandlers: HandlerTable = {
  knn_classifier: knnClassifier,
  standard_scaler: standardScaler,
  minmax_scaler: minmaxScaler,
  pca,
  logistic_regression: logisticRegression,
  decision_tree_classifier: decisionTree,
  random_forest_classifier: randomForest,
  kmeans,
  kfold,
  stratified_kfold: stratifiedKfold,
};

export const CLASSICAL_SUITES: readonly string[] = ['classical'];
