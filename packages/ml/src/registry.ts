import { fail } from '@tessera/tensor';
import type { Estimator, EstimatorJSON } from './core/estimator.js';
import type { JsonValue } from './core/serialize.js';
import { LogisticRegression } from './linear/logistic-regression.js';
import { LinearRegression, Ridge } from './linear/linear-regression.js';
import { KNeighborsClassifier } from './neighbors/knn-classifier.js';
import { KNeighborsRegressor } from './neighbors/knn-regressor.js';
import { DecisionTreeClassifier, DecisionTreeRegressor } from './tree/decision-tree.js';
import { RandomForestClassifier } from './ensemble/random-forest-classifier.js';
import { RandomForestRegressor } from './ensemble/random-forest-regressor.js';
import { SVC } from './svm/svc.js';
import { KMeans } from './cluster/kmeans.js';
import { PCA } from './decomposition/pca.js';
import { GaussianNB } from './naive-bayes/gaussian-nb.js';
import { StandardScaler } from './preprocessing/standard-scaler.js';
import { MinMaxScaler } from './preprocessing/minmax-scaler.js';
import { OneHotEncoder } from './preprocessing/one-hot-encoder.js';
import { LabelEncoder } from './preprocessing/label-encoder.js';
import { Pipeline } from './pipeline.js';
import { GridSearchCV } from './model-selection/grid-search.js';

type Loader = { fromJSON(json: JsonValue): Estimator };

/** Built when first used (not at import), so modules that import this one load in any order. */
function loaders(): Record<string, Loader> {
  return {
    LogisticRegression, LinearRegression, Ridge, KNeighborsClassifier, KNeighborsRegressor, DecisionTreeClassifier,
    DecisionTreeRegressor, RandomForestClassifier, RandomForestRegressor, SVC, KMeans, PCA, GaussianNB, StandardScaler,
    MinMaxScaler, OneHotEncoder, LabelEncoder, Pipeline, GridSearchCV,
  } as unknown as Record<string, Loader>;
}

/**
 * Rebuilds any estimator of this package (nested ones included) from `toJSON()` output.
 *
 * ```ts
 * const copy = estimatorFromJSON(JSON.parse(JSON.stringify(pipeline)));
 * ```
 */
export function estimatorFromJSON(json: JsonValue | EstimatorJSON): Estimator {
  const name = (json as EstimatorJSON | null)?.estimator;
  const loader = typeof name === 'string' ? loaders()[name] : undefined;
  if (!loader) fail('estimatorFromJSON', `unknown estimator ${JSON.stringify(name)}`);
  return loader.fromJSON(json as JsonValue);
}
