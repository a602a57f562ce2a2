import { Attempt, checkHistory, classifyKey, opTypeOf, violations } from './checker';

const ok = (key: string, resultId = 'o-1'): Attempt => ({ key, type: 'ok', status: 202, resultId });
const info = (key: string, status?: number): Attempt => ({ key, type: 'info', status });
const fail = (key: string): Attempt => ({ key, type: 'fail', status: 422 });

describe('classifyKey', () => {
  it('acknowledged: a 2xx and exactly one stored record with the answered id', () => {
    const sut = classifyKey('k', [info('k'), ok('k')], { records: 1, ids: ['o-1'] });
    expect(sut.verdict).toBe('acknowledged');
  });

  it('lost: a 2xx but nothing stored after drain', () => {
    expect(classifyKey('k', [ok('k')], { records: 0 }).verdict).toBe('lost');
    expect(classifyKey('k', [ok('k')], undefined).verdict).toBe('lost');
  });

  it('duplicated: two records, two answered ids, an id that is not the stored one, or two ERP orders', () => {
    expect(classifyKey('k', [ok('k')], { records: 2 }).verdict).toBe('duplicated');
    expect(classifyKey('k', [ok('k', 'a'), ok('k', 'b')], { records: 1, ids: ['a'] }).verdict).toBe(
      'duplicated',
    );
    expect(classifyKey('k', [ok('k', 'a')], { records: 1, ids: ['b'] }).verdict).toBe('duplicated');
    expect(classifyKey('k', [ok('k')], { records: 1, erpRecords: 2 }).verdict).toBe('duplicated');
  });

  it('recovered: only indeterminate answers, yet the record exists', () => {
    expect(classifyKey('k', [info('k'), info('k', 503)], { records: 1 }).verdict).toBe('recovered');
  });

  it('unknown: only indeterminate answers and no record (settled as not applied)', () => {
    expect(classifyKey('k', [info('k')], { records: 0 }).verdict).toBe('unknown');
  });

  it('rejected vs unexpected: a definite refusal must store nothing', () => {
    expect(classifyKey('k', [fail('k')], { records: 0 }).verdict).toBe('rejected');
    expect(classifyKey('k', [fail('k')], { records: 1 }).verdict).toBe('unexpected');
  });
});

describe('checkHistory', () => {
  it('groups attempts per key and counts every verdict', () => {
    const history = [ok('a'), info('b'), ok('b', 'o-b'), info('c'), info('d'), fail('e'), ok('f')];
    const observed = new Map([
      ['a', { records: 1, ids: ['o-1'], erpRecords: 1 }],
      ['b', { records: 1, ids: ['o-b'] }],
      ['c', { records: 1 }],
      ['f', { records: 1, erpRecords: 2 }],
    ]);
    const { summary } = checkHistory(history, observed);
    expect(summary).toEqual({
      attempted: 6,
      acknowledged: 2,
      lost: 0,
      duplicated: 1,
      recovered: 1,
      unknown: 1,
      rejected: 1,
      unexpected: 0,
      indeterminateBeforeReconciliation: 2,
      duplicateErpRecords: 1,
      unresolved: 0,
    });
    expect(violations(summary)).toEqual(['1 duplicated', '1 with duplicate ERP records']);
  });

  it('reports nothing to fix for a clean history', () => {
    const { summary } = checkHistory([ok('a')], new Map([['a', { records: 1, ids: ['o-1'] }]]));
    expect(violations(summary)).toEqual([]);
  });

  it('counts keys reconciliation could not look up as unresolved', () => {
    const { summary } = checkHistory([info('a')], new Map(), new Set(['a']));
    expect(violations(summary)).toEqual(['1 unresolved by reconciliation']);
  });
});

describe('opTypeOf', () => {
  it.each([
    [202, 'ok'],
    [200, 'ok'],
    [422, 'fail'],
    [401, 'fail'],
    [409, 'info'],
    [429, 'info'],
    [503, 'info'],
    [500, 'info'],
    [undefined, 'info'],
  ])('%s -> %s', (status, expected) => {
    expect(opTypeOf(status)).toBe(expected);
  });
});
