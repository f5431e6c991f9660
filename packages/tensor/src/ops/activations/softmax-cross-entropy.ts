import { ENGINE } from '../../engine.js';
import { fail, fmtShape } from '../../errors.js';
import { callKernel, customOp, fromBuffer, infoOf, record, recording } from '../../op.js';
import type { Tensor } from '../../tensor.js';
import { tidy } from '../../tidy.js';
import { sub } from '../elementwise/add.js';
import { cast } from '../elementwise/cast.js';
import { equal } from '../elementwise/compare.js';
import { mul } from '../elementwise/mul.js';
import { argmax } from '../reduce/arg.js';
import { mean } from '../reduce/mean.js';
import { sum } from '../reduce/sum.js';
import { oneHot } from '../shape/one-hot.js';
import { logSoftmax, softmax } from './softmax.js';

/**
 * `scale * sum over rows of -log(softmax(logits row)[label])`, a scalar: the softmax
 * cross-entropy of integer labels on logits summed over the batch (`scale = 1/N` gives the mean,
 * as `torch.nn.functional.cross_entropy`). `logits` is `[..., C]` float32 and `labels` int32 of
 * its shape without the class axis; a label outside `[0, C)` adds 0 and gets a zero gradient.
 * The gradient with respect to the logits is `scale * (softmax(logits) - oneHot(labels))`.
 *
 * Where the backend has the `softmaxCrossEntropy` kernel, the loss and that gradient come from
 * one pass over the logits and the backward is one product with the incoming gradient; otherwise
 * the composition below runs (log-softmax, one-hot product and sum; softmax in the backward).
 *
 * ```ts
 * softmaxCrossEntropy(tensor([[2, 0], [0, 2]]), tensor([0, 0], [2], 'int32'), 0.5); // 1.0635
 * ```
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor, scale: number): Tensor {
  return run(logits, labels, scale, false).loss;
}

/**
 * `softmaxCrossEntropy` and, from the same pass where the backend has the kernel, the accuracy
 * of the logits' arg-max (the first one) against the labels: `mean(cast(equal(argmax(logits,
 * -1), labels), 'float32'))`, not differentiable. A classifier's training step logs both; the
 * fused form saves the arg-max, comparison, cast and mean kernels.
 */
export function softmaxCrossEntropyWithAccuracy(logits: Tensor, labels: Tensor, scale: number): { loss: Tensor; accuracy: Tensor } {
  const out = run(logits, labels, scale, true);
  return { loss: out.loss, accuracy: out.accuracy! };
}

function run(logits: Tensor, labels: Tensor, scale: number, withAccuracy: boolean): { loss: Tensor; accuracy: Tensor | null } {
  const op = 'softmaxCrossEntropy';
  check(op, logits, labels, scale);
  const classes = logits.shape[logits.rank - 1];
  const backend = ENGINE.backend();
  if (!backend.softmaxCrossEntropy) {
    const loss = softmaxCrossEntropyReference(logits, labels, scale);
    return { loss, accuracy: withAccuracy ? tidy(() => mean(cast(equal(argmax(logits, -1), labels), 'float32'))) : null };
  }
  const needGrad = recording([logits]);
  const infos = [infoOf(op, logits, backend), infoOf(op, labels, backend)];
  const out = callKernel(op, infos, [], () => backend.softmaxCrossEntropy!(infos[0], infos[1], logits.size / classes, classes, scale, needGrad, withAccuracy));
  const loss = fromBuffer(out.loss, [], 'float32', backend);
  if (out.grad) {
    // The gradient rides on the node as a saved input, so the tape frees it with the node.
    const grad = fromBuffer(out.grad, logits.shape, 'float32', backend);
    record(op, [logits, grad], loss, (dy, { inputs: [, g] }) => [mul(g, dy), null]);
    grad.dispose();
  }
  return { loss, accuracy: out.accuracy ? fromBuffer(out.accuracy, [], 'float32', backend) : null };
}

/** The reference decomposition of `softmaxCrossEntropy` (what a backend without the kernel runs). */
export function softmaxCrossEntropyReference(logits: Tensor, labels: Tensor, scale: number): Tensor {
  check('softmaxCrossEntropy', logits, labels, scale);
  const hot = oneHot(labels, logits.shape[logits.rank - 1]);
  try {
    // The one-hot rows go to the node as an input, so the backward reuses them.
    return customOp('softmaxCrossEntropy', [logits, hot],
      () => mul(sum(mul(hot, logSoftmax(logits, -1))), -scale),
      (dy, { inputs: [z, h] }) => [mul(sub(mul(softmax(z, -1), sum(h, -1, true)), h), mul(dy, scale)), null]);
  } finally {
    hot.dispose();
  }
}

function check(op: string, logits: Tensor, labels: Tensor, scale: number): void {
  if (logits.dtype !== 'float32') fail(op, `logits must be float32, got ${logits.dtype}`);
  if (labels.dtype !== 'int32') fail(op, `labels must be int32, got ${labels.dtype}`);
  if (logits.rank < 1 || logits.shape[logits.rank - 1] < 1) fail(op, `logits need a non-empty class axis, got shape ${fmtShape(logits.shape)}`);
  const rows = logits.shape.slice(0, -1);
  if (labels.rank !== rows.length || labels.shape.some((d, i) => d !== rows[i])) {
    fail(op, `labels shape ${fmtShape(labels.shape)} must be the logits' shape ${fmtShape(logits.shape)} without the class axis`);
  }
  if (!Number.isFinite(scale)) fail(op, `scale must be a finite number, got ${scale}`);
}
