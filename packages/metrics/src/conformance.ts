/**
 * Handlers for the scikit-learn metrics fixtures (`shared/fixtures/metrics.json`): each fixture
 * output name is mapped to the public function that computes it. Keys are `suite/op`, so the
 * table merges with other packages' tables without clashes. Only the outputs a case lists
 * are computed; a metric that throws where scikit-learn raised yields that Error.
 */
import type { CaseContext, HandlerTable, TensorLikeOutput } from '@tessera/conformance';
import { accuracyScore } from './accuracy.js';
import type { ZeroDivision } from './average.js';
import { classificationReport } from './classification-report.js';
import { confusionMatrix } from './confusion-matrix.js';
import type { Label } from './input.js';
import { logLoss } from './log-loss.js';
import { averagePrecisionScore, precisionRecallCurve } from './precision-recall-curve.js';
import { f1Score, precisionScore, recallScore, type ClassificationOptions } from './precision-recall-f.js';
import { meanAbsoluteError, meanSquaredError, r2Score } from './regression.js';
import { rocCurve } from './roc.js';
import { rocAucScore } from './roc-auc.js';
import { specificityScore } from './specificity.js';

type Outputs = Record<string, () => unknown>;

/** A 2-D fixture input as nested rows; a 1-D one as a flat list. */
function matrix(ctx: CaseContext, name: string): number[] | number[][] {
  const values = ctx.numbers(name);
  const shape = ctx.shapeOf(name);
  if (shape.length !== 2) return values;
  return Array.from({ length: shape[0] }, (_, i) => values.slice(i * shape[1], (i + 1) * shape[1]));
}

/** Returns the value, or the Error the metric threw (the fixture's `{error}` outputs). */
function attempt(f: () => unknown): unknown {
  try {
    return f();
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
}

function int32Matrix(rows: number[][]): TensorLikeOutput {
  const values = Int32Array.from(rows.flat());
  return { shape: [rows.length, rows[0]?.length ?? 0], dtype: 'int32', data: async () => values };
}

function compute(ctx: CaseContext, outputs: Outputs) {
  const produced: Record<string, unknown> = {};
  for (const key of Object.keys(ctx.fixture.outputs)) {
    if (key in outputs) produced[key] = attempt(outputs[key]);
  }
  return { outputs: produced };
}

function classificationOutputs(ctx: CaseContext, yTrue: number[], yPred: number[]): Outputs {
  const labels = ctx.attr<Label[]>('labels');
  const zeroDivision = ctx.attr<ZeroDivision>('zero_division', 'warn');
  const set = (average: ClassificationOptions['average']): ClassificationOptions => ({ average, labels, zeroDivision });
  const out: Outputs = {
    accuracy: () => accuracyScore(yTrue, yPred),
    confusion_matrix: () => int32Matrix(confusionMatrix(yTrue, yPred, { labels })),
    // The notes define per-class specificity as a plain TN / (TN + FP): NaN when 0/0.
    specificity_per_class: () => specificityScore(yTrue, yPred, { average: null, labels, zeroDivision: Number.NaN }),
    classification_report: () => classificationReport(yTrue, yPred, { labels, zeroDivision }),
  };
  for (const [name, f] of [['precision', precisionScore], ['recall', recallScore], ['f1', f1Score]] as const) {
    out[`${name}_macro`] = () => f(yTrue, yPred, set('macro'));
    out[`${name}_micro`] = () => f(yTrue, yPred, set('micro'));
    out[`${name}_weighted`] = () => f(yTrue, yPred, set('weighted'));
    out[`${name}_per_class`] = () => f(yTrue, yPred, set(null));
  }
  return out;
}

export const metricsHandlers: HandlerTable = {
  'metrics/binary_metrics': (ctx) => {
    const yTrue = ctx.numbers('y_true');
    const yPred = ctx.numbers('y_pred');
    const yScore = ctx.numbers('y_score');
    const labels = ctx.attr<Label[]>('labels');
    const zeroDivision = ctx.attr<ZeroDivision>('zero_division', 'warn');
    const posLabel = ctx.attr<Label>('pos_label', 1);
    const negLabel = labels.find((l) => l !== posLabel) as Label;
    const binary: ClassificationOptions = { average: 'binary', posLabel, zeroDivision };
    const roc = (dropIntermediate: boolean) => {
      const { fpr, tpr, thresholds } = rocCurve(yTrue, yScore, { dropIntermediate });
      return [fpr, tpr, thresholds];
    };
    return compute(ctx, {
      ...classificationOutputs(ctx, yTrue, yPred),
      precision_binary: () => precisionScore(yTrue, yPred, binary),
      recall_binary: () => recallScore(yTrue, yPred, binary),
      f1_binary: () => f1Score(yTrue, yPred, binary),
      // The notes define it as the recall of the negative class, under zero_division.
      specificity_binary: () => recallScore(yTrue, yPred, { ...binary, posLabel: negLabel }),
      roc_curve_full: () => roc(false),
      roc_curve_dropped: () => roc(true),
      roc_auc: () => rocAucScore(yTrue, yScore),
      precision_recall_curve: () => {
        const { precision, recall, thresholds } = precisionRecallCurve(yTrue, yScore);
        return [precision, recall, thresholds];
      },
      average_precision: () => averagePrecisionScore(yTrue, yScore),
      log_loss: () => logLoss(yTrue, yScore, { labels }),
    });
  },

  'metrics/multiclass_metrics': (ctx) => {
    const yTrue = ctx.numbers('y_true');
    const yPred = ctx.numbers('y_pred');
    const yProba = matrix(ctx, 'y_proba');
    const labels = ctx.attr<Label[]>('labels');
    return compute(ctx, {
      ...classificationOutputs(ctx, yTrue, yPred),
      roc_auc_ovr_macro: () => rocAucScore(yTrue, yProba, { multiClass: 'ovr', average: 'macro', labels }),
      roc_auc_ovr_weighted: () => rocAucScore(yTrue, yProba, { multiClass: 'ovr', average: 'weighted', labels }),
      log_loss: () => logLoss(yTrue, yProba, { labels }),
    });
  },

  'metrics/regression_metrics': (ctx) => {
    const yTrue = matrix(ctx, 'y_true');
    const yPred = matrix(ctx, 'y_pred');
    return compute(ctx, {
      mse: () => meanSquaredError(yTrue, yPred),
      // The fixture's rmse is the root of the (uniformly averaged) MSE. For one output that is
      // rootMeanSquaredError; with several outputs scikit-learn's squared=False averages the
      // per-output roots instead (rootMeanSquaredError, tested against scikit-learn separately).
      rmse: () => Math.sqrt(meanSquaredError(yTrue, yPred)),
      mae: () => meanAbsoluteError(yTrue, yPred),
      r2: () => r2Score(yTrue, yPred),
      r2_raw_values: () => r2Score(yTrue, yPred, { multioutput: 'raw_values' }),
      r2_variance_weighted: () => r2Score(yTrue, yPred, { multioutput: 'variance_weighted' }),
      mse_raw_values: () => meanSquaredError(yTrue, yPred, { multioutput: 'raw_values' }),
    });
  },
};
