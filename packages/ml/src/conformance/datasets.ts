import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CaseContext } from '@tessera/conformance';
import { Matrix } from '../core/matrix.js';

/** A CSV dataset of ../datasets (header row, features, integer label last). */
export interface Dataset {
  readonly x: Matrix;
  readonly y: number[];
}

const cache = new Map<string, Dataset>();

/** Loads `attrs.dataset` from the datasets folder beside the case's fixture file. */
export function caseDataset(ctx: CaseContext): Dataset {
  const name = ctx.attr<string>('dataset');
  const source = ctx.file.source;
  if (!source) throw new Error(`case ${ctx.fixture.name}: fixture file location unknown, cannot find ${name}`);
  const path = join(dirname(source), '..', 'datasets', name);
  let ds = cache.get(path);
  if (!ds) {
    const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1);
    const rows = lines.map((l) => l.split(',').map(Number));
    const d = rows[0].length - 1;
    const data = new Float64Array(rows.length * d);
    rows.forEach((r, i) => { for (let j = 0; j < d; j++) data[i * d + j] = r[j]; });
    ds = { x: new Matrix(data, rows.length, d), y: rows.map((r) => r[d]) };
    cache.set(path, ds);
  }
  return ds;
}

export function rows(ds: Dataset, idx: readonly number[]): Dataset {
  return { x: ds.x.takeRows(idx), y: idx.map((i) => ds.y[i]) };
}
