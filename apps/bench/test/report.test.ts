import { describe, expect, it } from 'vitest';
import { kernelSuite } from '../src/kernels.js';
import { median } from '../src/measure.js';
import { evaluateTargets, header, markdown, ratio, ratioRows, type Measured, type Report } from '../src/report.js';
import { TARGETS } from '../src/targets.js';

const m = (kernel: string, adapter: string, medianMs: number, note?: string): Measured =>
  ({ kernel, adapter, medianMs, minMs: medianMs, reps: 5, gflops: 1 / medianMs, ...(note ? { note } : {}) });

describe('statistics and ratios', () => {
  it('median of odd and even counts; empty input throws', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });

  it('a ratio is base median over ours, and missing figures give null', () => {
    const results = [m('matmul-l', 'wasm-1t', 40), m('matmul-l', 'tfjs-wasm', 60)];
    expect(ratio(results, 'matmul-l', 'wasm-1t', 'tfjs-wasm')).toBe(1.5);
    expect(ratio(results, 'matmul-l', 'wasm-2t', 'wasm-1t')).toBeNull();
    expect(ratioRows(results, kernelSuite(), [['wasm-1t', 'tfjs-wasm']])).toEqual([{ kernel: 'matmul-l', ours: 'wasm-1t', base: 'tfjs-wasm', ratio: 1.5 }]);
  });

  it('targets are met, missed, or not measured with the reason', () => {
    const results = [m('matmul-l', 'wasm-1t', 40), m('matmul-l', 'tfjs-wasm', 60), m('matmul-l', 'wasm-2t', 30)];
    const unmeasured = [{ kernel: 'conv', adapter: 'tfjs-wasm', reason: 'could not load' }];
    const t = evaluateTargets(results, unmeasured, TARGETS);
    expect(t[0]).toMatchObject({ ratio: 1.5, met: true });
    expect(t[1].ratio).toBeCloseTo(4 / 3);
    expect(t[1].met).toBe(false);
    const conv = t.find((x) => x.text.startsWith('conv2d forward, 1 thread'))!;
    expect(conv).toMatchObject({ ratio: null, met: null });
    expect(conv.reason).toContain('tfjs-wasm: could not load');
  });
});

describe('markdown', () => {
  it('prints medians with GFLOP/s, n/a cells, speed-ups, targets, notes and unmeasured lines', () => {
    const kernels = kernelSuite(true).slice(0, 2);
    const results = [m(kernels[0].key, 'a', 2, 'worked around'), m(kernels[0].key, 'b', 4), { ...m(kernels[0].key, 'x-2t', 1), coresUsed: 1.9 }];
    const report: Report = {
      suite: 'kernels', date: 'now', machine: {}, adapters: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'x-2t', label: 'X 2T' }],
      kernels: kernels.map((k) => ({ key: k.key, id: k.id, flops: k.flops })), results,
      unmeasured: [{ kernel: kernels[1].key, adapter: 'b', reason: 'B has no matmul kernel' }],
      ratios: ratioRows(results, kernels, [['a', 'b']]),
      targets: [{ issue: 3, text: 'x >= 2x y', ratio: 2, min: 2, met: true }, { issue: 3, text: 'z', ratio: null, min: 1, met: null, reason: 'gone' },
        { issue: 4, text: 'w >= 1.5x v', ratio: 1.2, min: 1.5, met: false }],
      notes: ['matmul-s: b differs'],
    };
    const md = markdown(report);
    expect(md).toContain('| kernel | A | B | X 2T |');
    expect(md).toContain(`| ${kernels[0].id} | 2.00 (0.50) * | 4.00 (0.25) | 1.00 (1.00) |`);
    expect(md).toContain(`| ${kernels[1].id} | n/a | n/a | n/a |`);
    expect(md).toContain('| kernel | A vs B | cores used by X 2T |');
    expect(md).toContain(`| ${kernels[0].id} | 2.00x | 1.90 |`);
    expect(md).toContain('- x >= 2x y: 2.00x — met');
    expect(md).toContain('- z: n/a (gone) — NOT MEASURED');
    // Targets are grouped by the issue that set them.
    expect(md).toContain('Targets (issue 3):\n\n- x >= 2x y: 2.00x — met\n- z: n/a (gone) — NOT MEASURED\n\nTargets (issue 4):\n\n- w >= 1.5x v: 1.20x — NOT met');
    expect(md).toContain(`\\* ${kernels[0].key} on a: worked around`);
    expect(md).toContain(`- ${kernels[1].key} on b: B has no matmul kernel`);
    expect(md).toContain('- matmul-s: b differs');
  });
});

describe('first runs and the header', () => {
  const base: Report = {
    suite: 'kernels', date: '2026-01-01', machine: { cpu: 'CPU X', cores: 2, node: 'v20', loadavg1m: { start: 1.5, end: 2.25 } },
    adapters: [{ id: 'g', label: 'G', device: 'device D (a CPU adapter)' }, { id: 'h', label: 'H', device: 'device D (a CPU adapter)' }, { id: 'c', label: 'C' }],
    kernels: [{ key: 'first', id: 'first run: k', flops: 0 }], results: [{ ...m('first', 'g', 12.5), gflops: 0 }],
    unmeasured: [], ratios: [], targets: [], notes: [],
  };

  it('a row without a rate (a first run) shows the time alone', () => {
    expect(markdown(base)).toContain('| first run: k | 12.5 | n/a | n/a |');
  });

  it('shows the cores a device adapter got, as for multi-threaded ones', () => {
    const report: Report = {
      ...base, kernels: [{ key: 'k', id: 'kernel k', flops: 1 }],
      results: [{ ...m('k', 'g', 2), coresUsed: 1.5 }, { ...m('k', 'h', 3), coresUsed: 1.25 }, { ...m('k', 'c', 4), coresUsed: 1 }],
      ratios: [{ kernel: 'k', ours: 'g', base: 'h', ratio: 1.5 }],
    };
    const md = markdown(report);
    expect(md).toContain('| kernel | G vs H | cores used by G | cores used by H |');
    expect(md).toContain('| kernel k | 1.50x | 1.50 | 1.25 |');
  });

  it('names the machine, the load and the device of the adapters that share one', () => {
    expect(header(base)).toBe('2026-01-01 · CPU X · 2 cores · Node v20 · load average (1 min) 1.50 at start, 2.25 at end\n\n' +
      'G and H: device D (a CPU adapter)');
  });
});
