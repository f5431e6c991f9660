import type { HandlerTable } from '@tessera/conformance';
import { knnClassifier } from './conformance/knn.js';
import { minmaxScaler, pca, standardScaler } from './conformance/preprocessing.js';
import { decisionTree, kmeans, logisticRegression, randomForest } from './conformance/models.js';
import { kfold, stratifiedKfold } from './conformance/splits.js';

/**
 * Handlers for the `classical` fixture suite (scikit-learn 1.2.1), keyed `classical/<op>`. Datasets
 * are read from `../datasets` beside the fixture file. See each handler's doc comment for the
 * few places where the fixture itself calls a value implementation-defined (kNN tie rows, the
 * random forest band, StratifiedKFold's error text).
 */
export const classicalHandlers: HandlerTable = {
  'classical/knn_classifier': knnClassifier,
  'classical/standard_scaler': standardScaler,
  'classical/minmax_scaler': minmaxScaler,
  'classical/pca': pca,
  'classical/logistic_regression': logisticRegression,
  'classical/decision_tree_classifier': decisionTree,
  'classical/random_forest_classifier': randomForest,
  'classical/kmeans': kmeans,
  'classical/kfold': kfold,
  'classical/stratified_kfold': stratifiedKfold,
};

export const CLASSICAL_SUITES: readonly string[] = ['classical'];
