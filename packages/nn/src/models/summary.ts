import { fmt, isShapeList } from '../engine/shape.js';
import type { Model } from './model.js';

export interface SummaryOptions {
  /** Called with each line (e.g. `console.log`); the whole table is also returned. */
  readonly print?: (line: string) => void;
}

/** Parameter counts of a model, from weight shapes (nothing is allocated). */
export function parameterCounts(model: Model): { total: number; trainable: number; nonTrainable: number } {
  const total = model.weights.reduce((n, w) => n + w.size, 0);
  const trainable = model.trainableWeights.reduce((n, w) => n + w.size, 0);
  return { total, trainable, nonTrainable: total - trainable };
}

const group = (n: number) => n.toLocaleString('en-US');

export function formatSummary(model: Model, options: SummaryOptions = {}): string {
  const functional = model.layers.some((l) => model.connectionsOf(l) !== null);
  const header = ['Layer (type)', 'Output Shape', 'Param #', ...(functional ? ['Connected to'] : [])];
  const rows = model.layers.map((layer) => {
    const shape = model.layerOutputShape(layer);
    const shapeText = shape === null ? '?' : isShapeList(shape) ? shape.map(fmt).join(', ') : fmt(shape);
    const row = [`${layer.name} (${layer.className})`, shapeText, group(layer.countParams())];
    if (functional) row.push((model.connectionsOf(layer) ?? []).join(', '));
    return row;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('').trimEnd();
  const width = widths.reduce((a, b) => a + b, 0);
  const counts = parameterCounts(model);
  const lines = [
    `Model: "${model.name}" (${model.className})`,
    '_'.repeat(width),
    line(header),
    '='.repeat(width),
    ...rows.map(line),
    '='.repeat(width),
    `Total params: ${group(counts.total)}`,
    `Trainable params: ${group(counts.trainable)}`,
    `Non-trainable params: ${group(counts.nonTrainable)}`,
    '_'.repeat(width),
  ];
  if (options.print) for (const l of lines) options.print(l);
  return lines.join('\n');
}
