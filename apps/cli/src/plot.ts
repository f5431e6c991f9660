import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { HistoryJson } from './run-state.js';

/** Long-format rows for vega-lite: one per (epoch, metric, split). */
function rows(history: HistoryJson): { epoch: number; metric: string; split: string; value: number }[] {
  const out: { epoch: number; metric: string; split: string; value: number }[] = [];
  for (const [key, values] of Object.entries(history.history)) {
    const validation = key.startsWith('val_');
    const metric = validation ? key.slice(4) : key;
    values.forEach((value, i) => {
      if (Number.isFinite(value)) out.push({ epoch: history.epoch[i] + 1, metric, split: validation ? 'validation' : 'training', value });
    });
  }
  return out;
}

/** The vega-lite spec: one panel per metric (loss, accuracy), training and validation lines. */
export function historySpec(history: HistoryJson, title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values: rows(history) },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: ['loss', 'accuracy'] } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 320,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' }, title: 'epoch' },
        y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: null },
        color: { field: 'split', type: 'nominal', title: null },
      },
    },
    config: { background: 'white' },
  };
}

/** Renders the loss/accuracy curves to an SVG document. */
export async function historySvg(history: HistoryJson, title: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(historySpec(history, title)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
