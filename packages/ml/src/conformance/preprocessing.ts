import type { CaseContext, HandlerResult } from '@tessera/conformance';
import { Matrix } from '../core/matrix.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';
import { MinMaxScaler } from '../preprocessing/minmax-scaler.js';
import { PCA } from '../decomposition/pca.js';
import { caseDataset } from './datasets.js';
import { matrixValue, vectorValue } from './values.js';

function input(ctx: CaseContext, name: string): Matrix {
  const [rows, cols] = ctx.shapeOf(name);
  return new Matrix(Float64Array.from(ctx.numbers(name)), rows, cols);
}

export async function standardScaler(ctx: CaseContext): Promise<HandlerResult> {
  const fitX = input(ctx, 'x_fit'), newX = input(ctx, 'x_new');
  const s = await new StandardScaler().fit(fitX);
  const transformed = s.transform(newX);
  return {
    outputs: {
      mean: vectorValue(s.mean_), var: vectorValue(s.var_), scale: vectorValue(s.scale_),
      transform_fit: matrixValue(s.transform(fitX)), transform_new: matrixValue(transformed),
      inverse_transform_of_transform_new: matrixValue(s.inverseTransform(transformed)),
    },
  };
}

export async function minmaxScaler(ctx: CaseContext): Promise<HandlerResult> {
  const fitX = input(ctx, 'x_fit'), newX = input(ctx, 'x_new');
  const s = await new MinMaxScaler({ featureRange: ctx.attr<[number, number]>('feature_range', [0, 1]) }).fit(fitX);
  return {
    outputs: {
      data_min: vectorValue(s.dataMin_), data_max: vectorValue(s.dataMax_), scale: vectorValue(s.scale_),
      min_offset: vectorValue(s.min_), transform_fit: matrixValue(s.transform(fitX)), transform_new: matrixValue(s.transform(newX)),
    },
  };
}

/** PCA of the standardized dataset; components follow the fixture's sign convention (largest |entry| positive). */
export async function pca(ctx: CaseContext): Promise<HandlerResult> {
  const ds = caseDataset(ctx);
  const x = await new StandardScaler().fitTransform(ds.x);
  const model = await new PCA({ svdSolver: 'full' }).fit(x);
  const ratio = model.explainedVarianceRatio_;
  const cumulative = new Float64Array(ratio.length);
  ratio.reduce((acc, r, i) => (cumulative[i] = acc + r), 0);
  return {
    outputs: {
      explained_variance_ratio: vectorValue(ratio), explained_variance: vectorValue(model.explainedVariance_),
      singular_values: vectorValue(model.singularValues_), components: matrixValue(model.components_),
      cumulative_ratio: vectorValue(cumulative), projection_first5_rows: matrixValue(model.transform(x.takeRows([0, 1, 2, 3, 4]))),
    },
  };
}
