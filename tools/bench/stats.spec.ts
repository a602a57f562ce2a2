import * as sut from './lib/stats';

describe('bench statistics', () => {
  describe('percentile (nearest rank)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted

    it('picks the nearest-rank value of unsorted samples', () => {
      expect(sut.percentile(hundred, 50)).toBe(50);
      expect(sut.percentile(hundred, 99)).toBe(99);
      expect(sut.percentile(hundred, 100)).toBe(100);
      expect(sut.percentile(hundred, 0)).toBe(1);
    });

    it('makes p99 of a small sample its maximum, not an interpolation', () => {
      expect(sut.percentile([3, 1, 2], 99)).toBe(3);
      expect(sut.percentile([10, 20], 50)).toBe(10);
    });

    it('is undefined without samples and refuses a percentile outside 0..100', () => {
      expect(sut.percentile([], 50)).toBeUndefined();
      expect(() => sut.percentile([1], 101)).toThrow(RangeError);
      expect(() => sut.percentile([1], Number.NaN)).toThrow(RangeError);
    });

    it('does not reorder the caller’s array', () => {
      const samples = [3, 1, 2];
      sut.percentile(samples, 50);
      expect(samples).toEqual([3, 1, 2]);
    });
  });

  it('summarises latencies as p50 / p90 / p99 / max / count', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(sut.latencySummary(samples)).toEqual({
      count: 1000,
      p50: 500,
      p90: 900,
      p99: 990,
      max: 1000,
    });
    expect(sut.latencySummary([])).toEqual({ count: 0 });
  });

  describe('summarize (repetitions)', () => {
    it('gives median, min and max of an odd and an even count', () => {
      expect(sut.summarize([30, 10, 20])).toEqual({ n: 3, median: 20, min: 10, max: 30 });
      expect(sut.summarize([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, min: 1, max: 4 });
    });

    it('leaves out repetitions that were not measured', () => {
      expect(sut.summarize([null, 5, undefined, Number.NaN])).toEqual({
        n: 1,
        median: 5,
        min: 5,
        max: 5,
      });
      expect(sut.summarize([])).toEqual({ n: 0, median: null, min: null, max: null });
    });
  });

  it('computes a ratio only against a positive reference', () => {
    expect(sut.ratio(25, 100)).toBe(0.25);
    expect(sut.ratio(25, 0)).toBeNull();
    expect(sut.ratio(null, 100)).toBeNull();
    expect(sut.ratio(25, undefined)).toBeNull();
  });

  it('turns a count over milliseconds into a rate per second', () => {
    expect(sut.ratePerSecond(50, 2000)).toBe(25);
    expect(sut.ratePerSecond(50, 0)).toBeNull();
  });

  describe('sustainedRate', () => {
    it('measures the slope between 10% and 90% of the increase, ignoring a slow start and tail', () => {
      const samples = [
        { t: 0, value: 0 },
        { t: 5000, value: 1 }, // slow start
        { t: 6000, value: 10 },
        { t: 14000, value: 90 }, // 10 per second in the middle
        { t: 30000, value: 100 }, // slow tail
      ];
      expect(sut.sustainedRate(samples)).toBeCloseTo(10, 5);
    });

    it('is null when the counter did not move or there are too few samples', () => {
      expect(
        sut.sustainedRate([
          { t: 0, value: 5 },
          { t: 1000, value: 5 },
        ]),
      ).toBeNull();
      expect(sut.sustainedRate([{ t: 0, value: 5 }])).toBeNull();
    });

    it('counts from the first sample, not from zero', () => {
      const samples = [
        { t: 0, value: 1000 },
        { t: 1000, value: 1010 },
        { t: 2000, value: 1090 },
        { t: 3000, value: 1100 },
      ];
      expect(sut.sustainedRate(samples)).toBeCloseTo(80, 5);
    });
  });
});

describe('slotTime (where an ERP slot went between two samples)', () => {
  const sample = (
    calls: number,
    callSeconds: number,
    handoffs: number,
    handoffSeconds: number,
    admitted: number,
  ) => ({
    calls: { count: calls, sum: callSeconds },
    handoffs: { count: handoffs, sum: handoffSeconds },
    admitted,
  });

  it('gives the mean call, the ERP service per admitted call and the mean hand-off of the interval only', () => {
    const from = sample(10, 1, 8, 0.1, 10);
    const to = sample(110, 8, 98, 0.82, 110);
    expect(sut.slotTime(from, to, 5_700)).toEqual({
      calls: 100,
      callMs: 70,
      erpServiceMs: 57,
      handoffs: 90,
      handoffMs: 8,
    });
  });

  it('has no mean where nothing happened, and nothing without both samples', () => {
    const same = sample(5, 0.5, 0, 0, 5);
    expect(sut.slotTime(same, same, 0)).toEqual({
      calls: 0,
      callMs: null,
      erpServiceMs: null,
      handoffs: 0,
      handoffMs: null,
    });
    expect(sut.slotTime(undefined, same, 0)).toBeNull();
  });
});
