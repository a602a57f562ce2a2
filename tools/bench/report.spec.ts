import * as sut from './lib/report';
import type { Figure, Report } from './lib/report';

const throughput = (reps: Figure['reps']): Figure => ({
  id: 'orders_accepted',
  title: 'Orders accepted',
  unit: 'orders/s',
  referenceLabel: 'ceiling (1)',
  target: { kind: 'ratio-at-least', value: 0.5, text: '>= 50% of ceiling (1)' },
  reps,
});

const latency = (reps: Figure['reps']): Figure => ({
  id: 'availability_p99',
  title: 'Availability p99',
  unit: 'ms',
  referenceLabel: 'budget',
  target: { kind: 'below', value: 10, text: 'p99 < 10 ms' },
  reps,
});

describe('bench report', () => {
  describe('formatNumber / formatRatio', () => {
    it('rounds by magnitude', () => {
      expect([
        sut.formatNumber(1234.56),
        sut.formatNumber(12.345),
        sut.formatNumber(1.2345),
      ]).toEqual(['1235', '12.3', '1.23']);
      expect(sut.formatNumber(null)).toBe('–');
    });

    it('shows ratios as percentages, or as multiples for floors', () => {
      expect(sut.formatRatio(0.4821)).toBe('48.2%');
      expect(sut.formatRatio(6.2, 'multiple')).toBe('6.20x');
      expect(sut.formatRatio(null)).toBe('–');
    });
  });

  describe('meetsTarget', () => {
    it('compares the median ratio for ceilings and the median value for budgets', () => {
      const ratioTarget = { kind: 'ratio-at-least' as const, value: 0.5, text: '' };
      expect(sut.meetsTarget(ratioTarget, 10, 0.5)).toBe(true);
      expect(sut.meetsTarget(ratioTarget, 10, 0.49)).toBe(false);
      expect(sut.meetsTarget(ratioTarget, 10, null)).toBe(false);
      const budget = { kind: 'below' as const, value: 10, text: '' };
      expect(sut.meetsTarget(budget, 9.9, null)).toBe(true);
      expect(sut.meetsTarget(budget, 10, null)).toBe(false);
      expect(sut.meetsTarget({ kind: 'at-most', value: 10, text: '' }, 10, null)).toBe(true);
    });
  });

  describe('evaluateFigure', () => {
    it('takes the ratio per repetition against the ceiling of the same repetition', () => {
      const sut_ = sut.evaluateFigure(
        throughput([
          { value: 60, reference: 100 },
          { value: 30, reference: 100 },
          { value: 40, reference: 50 }, // a noisy repetition: both halved, ratio holds
        ]),
      );
      expect(sut_.value).toEqual({ n: 3, median: 40, min: 30, max: 60 });
      expect(sut_.ratio).toEqual({ n: 3, median: 0.6, min: 0.3, max: 0.8 });
      expect(sut_.verdict).toBe('pass');
    });

    it('misses when the median ratio is below the target', () => {
      expect(sut.evaluateFigure(throughput([{ value: 40, reference: 100 }])).verdict).toBe('miss');
    });

    it('misses when any repetition failed a check, and names it', () => {
      const result = sut.evaluateFigure(
        throughput([
          { value: 90, reference: 100, checks: { 'no errors to channels': true } },
          { value: 90, reference: 100, checks: { 'no errors to channels': false } },
        ]),
      );
      expect(result.verdict).toBe('miss');
      expect(result.failedChecks).toEqual(['no errors to channels (rep 2)']);
    });

    it('reports "not measured" with the reason instead of inventing a value', () => {
      const result = sut.evaluateFigure(
        latency([{ notMeasured: 'route missing: inventory GET /v1/availability/{sku}' }]),
      );
      expect(result.verdict).toBe(sut.NOT_MEASURED);
      expect(result.notMeasured).toBe('route missing: inventory GET /v1/availability/{sku}');
      expect(result.value.median).toBeNull();
    });

    it('reports a figure without a target as "reported", never pass or miss', () => {
      const info: Figure = {
        ...throughput([{ value: 4, reference: 80 }]),
        target: { kind: 'none', value: 0, text: 'no target' },
      };
      const result = sut.evaluateFigure(info);
      expect(result.verdict).toBe('reported');
      expect(result.ratio.median).toBe(0.05);
    });

    it('judges a budget on the median value', () => {
      expect(sut.evaluateFigure(latency([{ value: 8 }, { value: 12 }, { value: 9 }])).verdict).toBe(
        'pass',
      );
      expect(
        sut.evaluateFigure(latency([{ value: 8 }, { value: 12 }, { value: 11 }])).verdict,
      ).toBe('miss');
    });
  });

  describe('renderMarkdown', () => {
    const report: Report = {
      startedAt: '2026-11-26T21:00:00.000Z',
      mode: 'full',
      repetitions: 3,
      durationSeconds: 600,
      machine: { nproc: 2, memoryGiB: 23.5, loadAverage: [9.5, 8, 7], platform: 'Linux' },
      versions: { node: 'v20.20.2', postgresql: '15.20' },
      figures: [
        sut.evaluateFigure(throughput([{ value: 40, reference: 100 }])),
        sut.evaluateFigure(
          latency([{ notMeasured: 'route missing: inventory GET /v1/availability/{sku}' }]),
        ),
      ],
      sections: [{ title: 'Lifecycle mix', lines: ['| op |', '|---|'] }],
      notes: ['Orders accepted: MISS. What limits it: CPU.'],
    };

    it('renders one table row per figure with value, reference, ratio, target and verdict', () => {
      const md = sut.renderMarkdown(report);
      expect(md).toContain(
        '| Orders accepted | 40.0 (40.0–40.0) orders/s | ceiling (1): 100 (100–100) | 40.0% (40.0%–40.0%) | >= 50% of ceiling (1) | MISS |',
      );
      expect(md).toContain('not measured: route missing: inventory GET /v1/availability/{sku}');
    });

    it('states machine facts, versions, extra sections and closing notes', () => {
      const md = sut.renderMarkdown(report);
      expect(md).toContain('2 CPU, 23.5 GiB RAM, load average at start 9.50 / 8.00 / 7.00');
      expect(md).toContain('node v20.20.2, postgresql 15.20');
      expect(md).toContain('## Lifecycle mix');
      expect(md).toContain('- Orders accepted: MISS. What limits it: CPU.');
    });
  });
});
