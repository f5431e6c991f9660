import { fail } from '@tessera/tensor';
import { BaseTransformer } from '../core/transformer.js';
import { checkMatrixAsync, Matrix, type MatrixLike } from '../core/matrix.js';
import { param, type ParamsOf } from '../core/params.js';

const PARAMS = {
  handleUnknown: param.oneOf('error', ['error', 'ignore'], "A category not seen in fit: 'error' throws, 'ignore' encodes the row's block as all zeros."),
  drop: param.oneOf('none', ['none', 'first', 'if_binary'], "'first': drop each feature's first category; 'if_binary': only for two-category features."),
} as const;

interface State {
  readonly nFeaturesIn: number;
  /** Sorted categories of each input column. */
  readonly categories: number[][];
}

/**
 * One column per (feature, category) with a 1 where the row has that category (scikit-learn's
 * `OneHotEncoder`, dense output). Categories are the sorted distinct values seen in fit.
 *
 * ```ts
 * const enc = await new OneHotEncoder().fit([[0, 10], [1, 20], [2, 10]]);
 * enc.transform([[1, 10]]).toArray();   // [[0, 1, 0, 1, 0]]
 * ```
 */
export class OneHotEncoder extends BaseTransformer<typeof PARAMS, State> {
  constructor(params: Partial<ParamsOf<typeof PARAMS>> = {}) {
    super('OneHotEncoder', PARAMS, params);
  }

  get categories_(): number[][] { return this.fitted('categories_').categories; }

  async fit(X: MatrixLike): Promise<this> {
    const m = await checkMatrixAsync(`${this.estimatorName}.fit`, X);
    const categories = Array.from({ length: m.cols }, (_, j) => [...new Set(m.column(j))].sort((a, b) => a - b));
    this.state = { nFeaturesIn: m.cols, categories };
    return this;
  }

  /** Categories dropped per feature (index into categories_, or -1). */
  private dropped(categories: number[][]): number[] {
    return categories.map((c) => (this.params.drop === 'first' || (this.params.drop === 'if_binary' && c.length === 2) ? 0 : -1));
  }

  /** Output column names like `x0_3` (feature 0, category 3), or with the given input names. */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const { categories } = this.fitted('getFeatureNamesOut');
    const drop = this.dropped(categories);
    return categories.flatMap((cats, j) => cats.filter((_, k) => k !== drop[j]).map((c) => `${inputFeatures?.[j] ?? `x${j}`}_${c}`));
  }

  protected transformMatrix(X: Matrix): Matrix {
    const { categories } = this.fitted('transform');
    const drop = this.dropped(categories);
    const widths = categories.map((c, j) => c.length - (drop[j] >= 0 ? 1 : 0));
    const total = widths.reduce((a, b) => a + b, 0);
    const index = categories.map((c) => new Map(c.map((v, k) => [v, k])));
    const out = new Float64Array(X.rows * total);
    for (let i = 0; i < X.rows; i++) {
      let base = 0;
      for (let j = 0; j < X.cols; j++) {
        const k = index[j].get(X.data[i * X.cols + j]);
        if (k === undefined) {
          if (this.params.handleUnknown === 'error') fail(`${this.estimatorName}.transform`, `unknown category ${X.data[i * X.cols + j]} in column ${j} (row ${i}); known: [${categories[j].join(', ')}]`);
        } else if (k !== drop[j]) {
          out[i * total + base + (drop[j] >= 0 && k > drop[j] ? k - 1 : k)] = 1;
        }
        base += widths[j];
      }
    }
    return new Matrix(out, X.rows, total);
  }

  /** Back to category values (an all-zero block of a kept category maps to the dropped category). */
  inverseTransform(X: MatrixLike): Matrix {
    const { categories } = this.fitted('inverseTransform');
    const drop = this.dropped(categories);
    const widths = categories.map((c, j) => c.length - (drop[j] >= 0 ? 1 : 0));
    const m = Matrix.from(X, `${this.estimatorName}.inverseTransform`);
    const total = widths.reduce((a, b) => a + b, 0);
    if (m.cols !== total) fail(`${this.estimatorName}.inverseTransform`, `X has ${m.cols} columns, expected ${total}`);
    const out = new Float64Array(m.rows * categories.length);
    for (let i = 0; i < m.rows; i++) {
      let base = 0;
      categories.forEach((cats, j) => {
        let k = -1;
        for (let t = 0; t < widths[j]; t++) if (m.data[i * total + base + t] === 1) k = t;
        if (k < 0 && drop[j] < 0) fail(`${this.estimatorName}.inverseTransform`, `row ${i} has no category set for feature ${j}`);
        const cat = k < 0 ? drop[j] : drop[j] >= 0 && k >= drop[j] ? k + 1 : k;
        out[i * categories.length + j] = cats[cat];
        base += widths[j];
      });
    }
    return new Matrix(out, m.rows, categories.length);
  }
}
