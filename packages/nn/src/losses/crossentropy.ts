import * as T from '@tessera/tensor';
import { customOp, fail, fmtShape, type Tensor } from '@tessera/tensor';
import { checkFloat, checkReduction, checkSameShape, makeLoss, meanLastAxis, type Loss, type Reduction } from './loss.js';

/** Probabilities are clipped to [EPSILON, 1 - EPSILON] before the log (Keras' backend epsilon). */
export const EPSILON = 1e-7;

export interface CrossentropyOptions {
  /** Predictions are logits (unnormalized scores), not probabilities. Default false. */
  readonly fromLogits?: boolean;
  /** Default 'mean'. */
  readonly reduction?: Reduction;
}

/**
 * `max(z, 0) - z y + log(1 + exp(-|z|))`, stable for any logit, with the exact gradient
 * `sigmoid(z) - y` (the composed gradient of |z| and max would be wrong at z = 0).
 */
function bceWithLogits(y: Tensor, z: Tensor): Tensor {
  return customOp('binaryCrossentropyWithLogits', [y, z],
    () => T.add(T.sub(T.relu(z), T.mul(z, y)), T.log1p(T.exp(T.neg(T.abs(z))))),
    (dy, { inputs: [ys, zs], needs }) => [
      needs[0] ? T.mul(dy, T.neg(zs)) : null,
      needs[1] ? T.mul(dy, T.sub(T.sigmoid(zs), ys)) : null,
    ]);
}

/**
 * Binary cross-entropy `-(y log p + (1 - y) log(1 - p))` per element, averaged over the last
 * axis per sample. Labels may be soft (any value in [0, 1]).
 *
 * ```ts
 * binaryCrossentropy({ fromLogits: true }).compute(labels, logits);
 * ```
 */
export function binaryCrossentropy(options: CrossentropyOptions = {}): Loss {
  const name = 'binaryCrossentropy';
  const fromLogits = options.fromLogits ?? false;
  const reduction = options.reduction ?? 'mean';
  checkReduction(name, reduction);
  return makeLoss(name, { name, fromLogits, reduction }, reduction, (yTrue, yPred) => {
    checkSameShape(name, yTrue, yPred);
    const y = checkFloat(name, yTrue, 'y');
    if (fromLogits) return meanLastAxis(bceWithLogits(y, yPred));
    const p = T.clip(yPred, EPSILON, 1 - EPSILON);
    const terms = T.add(T.mul(y, T.log(p)), T.mul(T.sub(1, y), T.log(T.sub(1, p))));
    return meanLastAxis(T.neg(terms));
  });
}

/**
 * Categorical cross-entropy over the last axis with one-hot (or soft) targets. On
 * probabilities, `normalize: true` (Keras, the default) first divides p by its row sum;
 * `normalize: false` is the plain `-sum(y log p)` (PyTorch's NLL on given probabilities). The
 * values agree when rows sum to 1; the gradients differ.
 */
export function categoricalCrossentropy(options: CrossentropyOptions & { normalize?: boolean } = {}): Loss {
  const name = 'categoricalCrossentropy';
  const fromLogits = options.fromLogits ?? false;
  const normalize = options.normalize ?? true;
  const reduction = options.reduction ?? 'mean';
  checkReduction(name, reduction);
  return makeLoss(name, { name, fromLogits, normalize, reduction }, reduction, (yTrue, yPred) => {
    if (yTrue.rank === yPred.rank - 1) {
      fail(name, `y shape ${fmtShape(yTrue.shape)} looks like integer labels for predictions ${fmtShape(yPred.shape)}; use sparseCategoricalCrossentropy or one-hot labels`);
    }
    checkSameShape(name, yTrue, yPred);
    if (yPred.rank < 1) fail(name, `predictions need a class axis, got shape ${fmtShape(yPred.shape)}`);
    const y = checkFloat(name, yTrue, 'y');
    if (fromLogits) return T.neg(T.sum(T.mul(y, T.logSoftmax(yPred, -1)), -1));
    const p = normalize ? T.div(yPred, T.sum(yPred, -1, true)) : yPred;
    return T.neg(T.sum(T.mul(y, T.log(T.clip(p, EPSILON, 1 - EPSILON))), -1));
  });
}

/**
 * Categorical cross-entropy with integer class labels: y `[N]` (or `[N, 1]`) of class indices
 * for predictions `[N, C]`.
 *
 * ```ts
 * sparseCategoricalCrossentropy({ fromLogits: true }).compute(tensor([2, 0], [2], 'int32'), logits);
 * ```
 */
export function sparseCategoricalCrossentropy(options: CrossentropyOptions = {}): Loss {
  const name = 'sparseCategoricalCrossentropy';
  const fromLogits = options.fromLogits ?? false;
  const reduction = options.reduction ?? 'mean';
  checkReduction(name, reduction);
  const labelsOf = (yTrue: Tensor, yPred: Tensor): Tensor => {
    let labels = yTrue;
    if (labels.rank === yPred.rank && labels.shape[labels.rank - 1] === 1) labels = T.squeeze(labels, -1);
    const ok = yPred.rank >= 1 && labels.rank === yPred.rank - 1 && labels.shape.every((d, i) => d === yPred.shape[i]);
    if (!ok) {
      fail(name, `y shape ${fmtShape(yTrue.shape)} must be the predictions' shape ${fmtShape(yPred.shape)} without the class axis (integer labels)`);
    }
    return labels.dtype === 'int32' ? labels : T.cast(labels, 'int32');
  };
  const loss = makeLoss(name, { name, fromLogits, reduction }, reduction, (yTrue, yPred) => {
    const classes = yPred.shape[yPred.rank - 1];
    const indices = labelsOf(yTrue, yPred);
    if (fromLogits) return sparseSoftmaxCrossentropy(indices, yPred, classes, null);
    const hot = T.oneHot(indices, classes);
    return T.neg(T.sum(T.mul(hot, T.log(T.clip(yPred, EPSILON, 1 - EPSILON))), -1));
  });
  if (!fromLogits || reduction === 'none') return loss;
  // On logits, the reduction is folded into the node: the training step's loss is one node with
  // one backward instead of the per-sample node, a sum and a division.
  return {
    ...loss,
    compute: (yTrue, yPred) => T.tidy(() => {
      const indices = labelsOf(yTrue, yPred);
      return sparseSoftmaxCrossentropy(indices, yPred, yPred.shape[yPred.rank - 1], reduction === 'mean' ? 1 / indices.size : 1);
    }),
    computeWithAccuracy: (yTrue, yPred) => T.tidy(() => {
      const indices = labelsOf(yTrue, yPred);
      return T.softmaxCrossEntropyWithAccuracy(yPred, indices, reduction === 'mean' ? 1 / indices.size : 1);
    }),
  };
}

/**
 * `-log softmax(z)[label]` per row, with its gradient written out, `softmax(z) * sum(h) - h` for
 * the one-hot row h (an out-of-range label has an all-zero row, loss 0 and gradient 0): one node
 * instead of the composed log-softmax, one-hot product and sum. With `scale` (the 'mean' and
 * 'sum' reductions), the core's `softmaxCrossEntropy` gives `scale * sum` over every row: one
 * kernel for the loss and its gradient where the backend has it.
 */
function sparseSoftmaxCrossentropy(indices: Tensor, z: Tensor, classes: number, scale: number | null): Tensor {
  if (scale !== null) return T.softmaxCrossEntropy(z, indices, scale);
  const hot = T.oneHot(indices, classes);
  // The one-hot rows are made once and handed to the node as an input, so its backward reuses them.
  return customOp('sparseSoftmaxCrossentropy', [z, hot],
    () => T.neg(T.sum(T.mul(hot, T.logSoftmax(z, -1)), -1)),
    (dy, { inputs: [zs, h] }) => [T.mul(T.sub(T.mul(T.softmax(zs, -1), T.sum(h, -1, true)), h), T.expandDims(dy, -1)), null]);
}

/**
 * The from-logits form of a categorical or sparse categorical cross-entropy on probabilities
 * (same reduction), or null for any other loss. The training step uses it for a model ending in
 * a softmax, as Keras does: the same loss without the probability clipping, and fewer passes.
 */
export function fromLogitsVariant(loss: Loss): Loss | null {
  const c = loss.config;
  if (c.fromLogits !== false) return null;
  const reduction = (c.reduction ?? 'mean') as Reduction;
  if (c.name === 'sparseCategoricalCrossentropy') return sparseCategoricalCrossentropy({ fromLogits: true, reduction });
  if (c.name === 'categoricalCrossentropy') return categoricalCrossentropy({ fromLogits: true, reduction });
  return null;
}
