import * as T from '@tessera/tensor';
import { fail, fmtShape, type Tensor } from '@tessera/tensor';
import { LOSS_NAMES, getLoss, type LossIdentifier } from './losses/registry.js';
import type { Loss } from './losses/loss.js';

/**
 * A metric reported during fit and evaluate: `compute` gives one value per sample; epochs report
 * the mean over every sample seen.
 */
export interface Metric {
  readonly name: string;
  compute(yTrue: Tensor, yPred: Tensor): Tensor;
  /**
   * True when the metric depends on the predictions only through their arg-max (accuracies), so
   * it gives the same values on logits as on softmax probabilities: the training step then skips
   * the softmax it would otherwise compute for the metrics of a model trained on logits.
   */
  readonly argmaxOnly?: boolean;
  /**
   * Set on sparse categorical accuracy: the training step of a model trained on logits with a
   * sparse cross-entropy takes its value from the loss's own pass (`computeWithAccuracy`).
   */
  readonly sparseArgmaxAccuracy?: boolean;
}

/** 'accuracy' (the variant is picked from the loss and output shape, as Keras does), a specific accuracy, or a loss name. */
export type MetricIdentifier =
  | 'accuracy' | 'acc' | 'binaryAccuracy' | 'categoricalAccuracy' | 'sparseCategoricalAccuracy'
  | string | Metric;

/** 1 where `p > threshold` matches a label > 0.5, per element, averaged over the last axis. */
export function binaryAccuracy(threshold = 0.5): Metric {
  return {
    name: 'binaryAccuracy',
    compute: (y, p) => T.tidy(() => {
      if (y.size !== p.size) fail('binaryAccuracy', `y shape ${fmtShape(y.shape)} does not match predictions ${fmtShape(p.shape)}`);
      const hit = T.cast(T.equal(T.greater(p, threshold), T.greater(T.reshape(y, p.shape), 0.5)), 'float32');
      return p.rank >= 2 ? T.mean(hit, -1) : hit;
    }),
  };
}

/** 1 where the arg-max of the prediction is the arg-max of the one-hot label. */
export function categoricalAccuracy(): Metric {
  return {
    name: 'categoricalAccuracy',
    argmaxOnly: true,
    compute: (y, p) => T.tidy(() => {
      if (y.rank !== p.rank || y.shape.some((d, i) => d !== p.shape[i])) {
        fail('categoricalAccuracy', `y shape ${fmtShape(y.shape)} does not match predictions ${fmtShape(p.shape)}`);
      }
      return T.cast(T.equal(T.argmax(y, -1), T.argmax(p, -1)), 'float32');
    }),
  };
}

/** 1 where the arg-max of the prediction is the integer label. */
export function sparseCategoricalAccuracy(): Metric {
  return {
    name: 'sparseCategoricalAccuracy',
    argmaxOnly: true,
    sparseArgmaxAccuracy: true,
    compute: (y, p) => T.tidy(() => {
      const labels = y.rank === p.rank ? T.reshape(y, p.shape.slice(0, -1)) : y;
      if (labels.rank !== p.rank - 1 || labels.shape.some((d, i) => d !== p.shape[i])) {
        fail('sparseCategoricalAccuracy', `y shape ${fmtShape(y.shape)} does not match predictions ${fmtShape(p.shape)} without the class axis`);
      }
      return T.cast(T.equal(T.cast(labels, 'int32'), T.argmax(p, -1)), 'float32');
    }),
  };
}

function lossMetric(name: string, loss: Loss): Metric {
  return { name, compute: (y, p) => loss.perSample(y, p) };
}

/**
 * Resolves a metric. 'accuracy' becomes binary accuracy for a binary cross-entropy loss or a
 * single output unit (threshold 0 when the loss takes logits), sparse categorical accuracy for
 * a sparse loss, categorical accuracy otherwise.
 */
export function getMetric(identifier: MetricIdentifier, context: { loss: Loss; outputShape: readonly (number | null)[] }): Metric {
  if (typeof identifier === 'object' && identifier !== null && typeof identifier.compute === 'function') return identifier;
  if (typeof identifier !== 'string') fail('metrics', `a metric must be a name or a Metric, got ${JSON.stringify(identifier)}`);
  const named = (m: Metric): Metric => ({ ...m, name: identifier });
  switch (identifier) {
    case 'accuracy':
    case 'acc': {
      const fromLogits = context.loss.config.fromLogits === true;
      if (context.loss.name === 'binaryCrossentropy' || context.outputShape[context.outputShape.length - 1] === 1) {
        return named(binaryAccuracy(fromLogits ? 0 : 0.5));
      }
      if (context.loss.name === 'sparseCategoricalCrossentropy') return named(sparseCategoricalAccuracy());
      return named(categoricalAccuracy());
    }
    case 'binaryAccuracy': return binaryAccuracy(context.loss.config.fromLogits === true ? 0 : 0.5);
    case 'categoricalAccuracy': return categoricalAccuracy();
    case 'sparseCategoricalAccuracy': return sparseCategoricalAccuracy();
    default:
      if (!LOSS_NAMES.some((n) => n.toLowerCase() === identifier.replace(/_/g, '').toLowerCase())) {
        fail('metrics', `unknown metric ${JSON.stringify(identifier)}; expected accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy or a loss name (${LOSS_NAMES.join(', ')})`);
      }
      return lossMetric(identifier, getLoss(identifier as LossIdentifier, 'metrics'));
  }
}
