import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDatasetsDir } from '@tessera/conformance/node';
import { Matrix } from '../src/index.js';

export function dataset(name: string): { X: Matrix; y: number[] } {
  const lines = readFileSync(join(defaultDatasetsDir(), name), 'utf8').trim().split(/\r?\n/).slice(1);
  const rows = lines.map((l) => l.split(',').map(Number));
  const d = rows[0].length - 1;
  return { X: Matrix.from(rows.map((r) => r.slice(0, d))), y: rows.map((r) => r[d]) };
}

export interface Reference {
  trees: { dataset: string; kind: string; params: Record<string, unknown>; feature: number[]; threshold: number[]; left: number[]; right: number[]; value: number[][]; impurity: number[]; importances: number[] }[];
  gnb: { dataset: string; theta: number[][]; var: number[][]; proba: number[][] }[];
  svc: { kernel: 'linear' | 'rbf'; binary?: boolean; predictions?: number[]; n_support: number[]; decision_ovo?: number[][]; decision?: number[] }[];
  logreg: { dataset: string; C: number; coef: number[][]; intercept: number[] }[];
  linear: { ols_coef: number[]; ols_intercept: number; ridge_coef: number[]; ridge_intercept: number };
}

/** scikit-learn 1.2.1 results written by test/data/make-sklearn-reference.py. */
export const reference: Reference = JSON.parse(readFileSync(new URL('./data/sklearn-reference.json', import.meta.url), 'utf8'));

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** camelCase parameter names from scikit-learn's snake_case ones. */
export function camel(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}
