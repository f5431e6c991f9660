import { Estimator } from '../core/estimator.js';
import { encodeLabels, indexLabels, type ClassLabel, type LabelsLike } from '../core/labels.js';
import { fail } from '@tessera/tensor';

interface State {
  readonly classes: ClassLabel[];
}

/**
 * Maps class labels (numbers or strings) to 0..k-1 in sorted label order (scikit-learn's
 * `LabelEncoder`); it transforms targets, not feature matrices.
 *
 * ```ts
 * const le = await new LabelEncoder().fit(['cat', 'dog', 'cat']);
 * le.transform(['dog', 'cat']);    // Int32Array [1, 0]
 * le.inverseTransform([1]);        // ['dog']
 * ```
 */
export class LabelEncoder extends Estimator<Record<string, never>, State> {
  readonly estimatorType = 'transformer' as const;

  constructor(params: Record<string, never> = {}) {
    super('LabelEncoder', {}, params);
  }

  get classes_(): readonly ClassLabel[] { return this.fitted('classes_').classes; }

  async fit(y: LabelsLike): Promise<this> {
    const { classes } = await encodeLabels(`${this.estimatorName}.fit`, y);
    this.state = { classes };
    return this;
  }

  transform(y: LabelsLike): Int32Array {
    return indexLabels(`${this.estimatorName}.transform`, y, this.fitted('transform').classes);
  }

  async fitTransform(y: LabelsLike): Promise<Int32Array> {
    await this.fit(y);
    return this.transform(y);
  }

  inverseTransform(codes: ArrayLike<number>): ClassLabel[] {
    const { classes } = this.fitted('inverseTransform');
    return Array.from(codes, (c, i) => {
      if (!Number.isInteger(c) || c < 0 || c >= classes.length) fail(`${this.estimatorName}.inverseTransform`, `code ${c} at index ${i} is not in [0, ${classes.length})`);
      return classes[c];
    });
  }
}
