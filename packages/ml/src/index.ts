export { Matrix, type MatrixLike } from './core/matrix.js';
export type { ClassLabel, LabelsLike } from './core/labels.js';
export { param, type ParamSpec, type ParamSpecs, type ParamsOf } from './core/params.js';
export {
  Estimator, type EstimatorJSON, type EstimatorType, type AnyEstimator, type Classifier, type Regressor, type Transformer,
} from './core/estimator.js';
export type { JsonValue } from './core/serialize.js';
export { BaseClassifier, BaseRegressor } from './core/bases.js';
export { BaseTransformer } from './core/transformer.js';

export { LogisticRegression } from './linear/logistic-regression.js';
export { KNeighborsClassifier } from './neighbors/knn-classifier.js';
export { KNeighborsRegressor } from './neighbors/knn-regressor.js';
export { DecisionTreeClassifier, DecisionTreeRegressor } from './tree/decision-tree.js';
export type { TreeArrays } from './tree/tree-arrays.js';
export { RandomForestClassifier } from './ensemble/random-forest-classifier.js';
export { RandomForestRegressor } from './ensemble/random-forest-regressor.js';
export { KMeans } from './cluster/kmeans.js';
export { PCA } from './decomposition/pca.js';
export { StandardScaler } from './preprocessing/standard-scaler.js';
export { MinMaxScaler } from './preprocessing/minmax-scaler.js';
export {
  KFold, StratifiedKFold, LeaveOneOut, type Fold, type CrossValidator, type KFoldOptions,
} from './model-selection/splitters.js';
export { trainTestIndices } from './model-selection/train-test-split.js';
export { trainTestSplit, type TrainTestSplit, type TrainTestSplitOptions } from './model-selection/train-test-split.js';
export { LinearRegression, Ridge } from './linear/linear-regression.js';
export { SVC } from './svm/svc.js';
export { GaussianNB } from './naive-bayes/gaussian-nb.js';
export { OneHotEncoder } from './preprocessing/one-hot-encoder.js';
export { LabelEncoder } from './preprocessing/label-encoder.js';
export { Pipeline, type Step } from './pipeline.js';
export { crossValidate, crossValScore, type CrossValidateOptions, type CrossValidateResult } from './model-selection/cross-validate.js';
export { GridSearchCV, expandGrid, type ParamGrid, type CvResults } from './model-selection/grid-search.js';
export { resolveScoring, type Scoring } from './model-selection/scoring.js';
export { estimatorFromJSON } from './registry.js';
export { checkEstimator, checkData, type CheckEstimatorOptions, type CheckReport } from './check-estimator.js';
