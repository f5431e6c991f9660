export { Layer, oneInput, type LayerArgs, type CallOptions, type InputSpec, type LayerInput, type SymbolicInput } from './engine/layer.js';
export { LayerWeight, type WeightSpec } from './engine/weight.js';
export { SymbolicTensor, Node as GraphNode, isSymbolic } from './engine/symbolic.js';
export { InputLayer, input, type InputConfig } from './engine/input-layer.js';
export { resetNames } from './engine/naming.js';
export { fmt as formatShape, type Shape } from './engine/shape.js';
export * from './layers/index.js';
export {
  getActivation, serializeActivation, ACTIVATION_NAMES,
  type Activation as ActivationFunction, type ActivationIdentifier, type ActivationName,
} from './activations.js';
export {
  getInitializer, serializeInitializer, varianceScaling, INITIALIZER_NAMES,
  type Initializer, type InitializerConfig, type InitializerIdentifier, type InitializerName, type InitializerStats,
  type FanMode, type ScalingDistribution,
} from './initializers/initializers.js';
export { computeFans } from './initializers/fans.js';
export { TRUNCATED_STD_FACTOR, TRUNCATION_SIGMAS } from './initializers/truncation.js';
export {
  l1, l2, l1l2, getRegularizer, DEFAULT_REGULARIZATION_FACTOR,
  type Regularizer, type RegularizerConfig, type RegularizerIdentifier,
} from './regularizers.js';
export type { Loss, LossConfig, Reduction } from './losses/loss.js';
export { meanSquaredError, meanAbsoluteError, huber, type RegressionLossOptions } from './losses/regression.js';
export {
  binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, EPSILON, type CrossentropyOptions,
} from './losses/crossentropy.js';
export { hinge } from './losses/hinge.js';
export { klDivergence, type KlReduction } from './losses/kl-divergence.js';
export { getLoss, LOSS_NAMES, type LossIdentifier, type LossFunction } from './losses/registry.js';
export {
  binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, getMetric, type Metric, type MetricIdentifier,
} from './metrics.js';
export { Model } from './models/model.js';
export { Sequential, sequential, type SequentialConfig } from './models/sequential.js';
export { Functional, model, type FunctionalArgs } from './models/functional.js';
export { layerFromConfig, modelFromConfig, layerClassNames, type LayerSpec } from './models/registry.js';
export { parameterCounts, type SummaryOptions } from './models/summary.js';
export type { CompileArgs, TrainingConfig } from './training/compile.js';
export { FIT_DEFAULTS, epochGenerator, type FitArgs, type FitData } from './training/fit.js';
export type { EvaluateArgs } from './training/evaluate.js';
export type { PredictArgs } from './training/predict.js';
export type { Batch, BatchSource, TensorOrList } from './training/data.js';
export { History } from './training/history.js';
export { CallbackList, type Callback, type Logs, type TrainingParams } from './training/callbacks/callback.js';
export { EarlyStopping, earlyStopping, EARLY_STOPPING_DEFAULTS, type EarlyStoppingOptions } from './training/callbacks/early-stopping.js';
export { LearningRateScheduler, learningRateScheduler } from './training/callbacks/learning-rate-scheduler.js';
export {
  ModelCheckpoint, modelCheckpoint, MODEL_CHECKPOINT_DEFAULTS, type ModelCheckpointOptions, type CheckpointInfo,
} from './training/callbacks/model-checkpoint.js';
export { Progress, progress, epochLogger, type ProgressEvent, type ProgressHandlers } from './training/callbacks/progress.js';
export {
  encodeSafetensors, decodeSafetensors, DTYPE_BYTES, MAX_HEADER_BYTES,
  type SafetensorsDType, type SafetensorsTensor, type SafetensorsFile,
} from './io/safetensors.js';
export { tensorValues, float32Bytes, int32Bytes } from './io/safetensors-values.js';
export { saveModel, loadModel, setWeightsFromFile, METADATA_KEYS, FORMAT_VERSION, type SaveOptions, type LoadOptions } from './io/model-io.js';
export * from './zoo/index.js';
export { runLayerTest, type LayerTestSpec, type LayerTestReport } from './testing/run-layer-test.js';
