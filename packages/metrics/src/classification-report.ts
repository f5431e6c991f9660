import { fail } from '@tessera/tensor';
import type { ZeroDivision } from './average.js';
import { formatFixed, padStart, pythonNumber } from './format.js';
import { formatLabel, type Label, type LabelInput, type NumericInput } from './input.js';
import { prfFromCounts, setWiseCounts, type PrfSupport } from './precision-recall-f.js';

export interface ClassificationReportOptions {
  /** The labels to report, in this order; default: every label seen, sorted. */
  readonly labels?: readonly Label[];
  /** Display names for `labels` (same length); default: the labels as strings. */
  readonly targetNames?: readonly string[];
  readonly sampleWeight?: NumericInput;
  /** Default 'warn' (0). */
  readonly zeroDivision?: ZeroDivision;
}

/** One row of a report. */
export interface ReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly 'f1-score': number;
  readonly support: number;
}

/**
 * scikit-learn's `classification_report(output_dict=True)`: a row per class (keyed by its
 * name), then 'accuracy' (a number) when the report covers every label seen, otherwise a
 * 'micro avg' row, then 'macro avg' and 'weighted avg'.
 */
export interface ClassificationReport {
  readonly [name: string]: ReportRow | number;
}

/** Row order and number kinds for the text table (JavaScript orders integer-like keys first). */
const LAYOUT = Symbol('tessera.classificationReport.layout');

interface Layout {
  readonly classes: readonly string[];
  readonly averages: readonly string[];
  readonly floatSupport: boolean;
}

/**
 * Precision, recall, F1 and support per class and averaged, as a plain object.
 *
 * ```ts
 * const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]);
 * report['2'];         // { precision: 1, recall: 0.667, 'f1-score': 0.8, support: 3 }
 * report.accuracy;     // 0.6
 * console.log(formatClassificationReport(report));
 * ```
 */
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options: ClassificationReportOptions = {}): ClassificationReport {
  const op = 'classificationReport';
  const counts = setWiseCounts(op, yTrue, yPred, { average: null, labels: options.labels, sampleWeight: options.sampleWeight });
  const present = counts.present;
  const labels = counts.labels;
  const microIsAccuracy = options.labels === undefined
    || (new Set(labels).size === present.length && present.every((l) => labels.includes(l)));
  const names = options.targetNames === undefined ? labels.map(formatLabel) : [...options.targetNames];
  if (names.length !== labels.length) {
    fail(op, `targetNames has ${names.length} names but there are ${labels.length} labels; pass labels to choose the classes`);
  }

  const zd = options.zeroDivision;
  const perClass = prfFromCounts(op, counts, null, 1, zd) as PrfSupport<number[]>;
  const report: Record<string, ReportRow | number> = {};
  names.forEach((name, i) => {
    report[name] = row(perClass.precision[i], perClass.recall[i], perClass.fscore[i], perClass.support[i]);
  });
  const totalSupport = perClass.support.reduce((a, b) => a + b, 0);
  const averages: string[] = [];
  for (const average of ['micro', 'macro', 'weighted'] as const) {
    const avg = prfFromCounts(op, counts, average, 1, zd) as PrfSupport<number>;
    const heading = average === 'micro' && microIsAccuracy ? 'accuracy' : `${average} avg`;
    averages.push(heading);
    report[heading] = heading === 'accuracy' ? avg.precision : row(avg.precision, avg.recall, avg.fscore, totalSupport);
  }
  const layout: Layout = { classes: names, averages, floatSupport: options.sampleWeight !== undefined };
  Object.defineProperty(report, LAYOUT, { value: layout, enumerable: false });
  return report;
}

function row(precision: number, recall: number, f1: number, support: number): ReportRow {
  return { precision, recall, 'f1-score': f1, support };
}

function layoutOf(report: ClassificationReport): Layout {
  const stored = (report as unknown as Record<symbol, Layout | undefined>)[LAYOUT];
  if (stored) return stored;
  const averageKeys = ['accuracy', 'micro avg', 'macro avg', 'weighted avg'];
  const keys = Object.keys(report);
  return {
    classes: keys.filter((k) => !averageKeys.includes(k)),
    averages: averageKeys.filter((k) => k in report),
    floatSupport: false,
  };
}

export interface FormatReportOptions {
  /** Decimal places of the scores. Default 2. */
  readonly digits?: number;
}

/**
 * The text table of scikit-learn's `classification_report` (same widths, same rounding).
 *
 * ```text
 *               precision    recall  f1-score   support
 *
 *            0       0.50      1.00      0.67         1
 *            1       0.00      0.00      0.00         1
 *            2       1.00      0.67      0.80         3
 *
 *     accuracy                           0.60         5
 *    macro avg       0.50      0.56      0.49         5
 * weighted avg       0.70      0.60      0.61         5
 * ```
 */
export function formatClassificationReport(report: ClassificationReport, options: FormatReportOptions = {}): string {
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) fail('formatClassificationReport', `digits must be an integer in [0, 20], got ${digits}`);
  const layout = layoutOf(report);
  const width = Math.max(...layout.classes.map((c) => [...c].length), 'weighted avg'.length, digits);
  const cell = (s: string) => ` ${padStart(s, 9)}`;
  const score = (x: number) => cell(formatFixed(x, digits));
  const support = (x: number) => cell(pythonNumber(x, layout.floatSupport));
  const line = (name: string, r: ReportRow) => `${padStart(name, width)} ${score(r.precision)}${score(r.recall)}${score(r['f1-score'])}${support(r.support)}\n`;

  let text = `${padStart('', width)} ${['precision', 'recall', 'f1-score', 'support'].map(cell).join('')}\n\n`;
  for (const name of layout.classes) text += line(name, report[name] as ReportRow);
  text += '\n';
  for (const name of layout.averages) {
    if (name === 'accuracy') {
      const total = (report['macro avg'] as ReportRow | undefined)?.support ?? Number.NaN;
      text += `${padStart(name, width)} ${cell('')}${cell('')}${score(report.accuracy as number)}${support(total)}\n`;
    } else {
      text += line(name, report[name] as ReportRow);
    }
  }
  return text;
}
