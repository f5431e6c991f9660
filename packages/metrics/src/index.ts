export type { Label, LabelInput, NumericInput, MatrixInput, NumericArray } from './input.js';
export type { Average, ZeroDivision } from './average.js';
export { accuracyScore, balancedAccuracyScore, type AccuracyOptions, type BalancedAccuracyOptions } from './accuracy.js';
export { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js';
export {
  precisionScore, recallScore, f1Score, fbetaScore, precisionRecallFscoreSupport,
  type ClassificationOptions, type FbetaOptions, type PrfSupport,
} from './precision-recall-f.js';
export { specificityScore } from './specificity.js';
export {
  classificationReport, formatClassificationReport,
  type ClassificationReport, type ClassificationReportOptions, type ReportRow, type FormatReportOptions,
} from './classification-report.js';
export { rocCurve, auc, type RocCurve, type RocCurveOptions } from './roc.js';
export { rocAucScore, type RocAucOptions } from './roc-auc.js';
export {
  precisionRecallCurve, averagePrecisionScore,
  type PrecisionRecallCurve, type PrecisionRecallCurveOptions, type AveragePrecisionOptions,
} from './precision-recall-curve.js';
export { logLoss, type LogLossOptions } from './log-loss.js';
export { topKAccuracyScore, type TopKOptions } from './top-k.js';
export {
  meanSquaredError, rootMeanSquaredError, meanAbsoluteError, r2Score,
  type Multioutput, type RegressionOptions, type R2Options,
} from './regression.js';
export {
  getScorer, getScorerNames, makeScorer,
  type Scorer, type ScorerNeeds, type ScorerInput, type ScoreFunction, type ScorableEstimator, type MakeScorerOptions,
} from './scorer.js';
