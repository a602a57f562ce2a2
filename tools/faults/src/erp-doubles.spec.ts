import {
  erpDoubleViolations,
  ErpRecordRow,
  findErpDoubles,
  returnKey,
  salesOrderKey,
} from './erp-doubles';

const so = (key: string, record: string): ErpRecordRow => ({
  document: 'sales order',
  key,
  record,
});

describe('business keys of ERP records', () => {
  it('a sales order belongs to the channel order of its memo, else to the order pointing at it', () => {
    expect(salesOrderKey('shopify order 1001', null, 'E1')).toBe('shopify:1001');
    expect(salesOrderKey(null, 'amazon:A-1', 'E1')).toBe('amazon:A-1');
    expect(salesOrderKey(null, null, 'E1')).toBe('erp:E1');
  });

  it('a return authorization or credit memo belongs to the return of its memo, else its external id', () => {
    expect(returnKey('Return r-1 of order o-1', 'x')).toBe('r-1');
    expect(returnKey('Return r-1 (refund)', 'x')).toBe('r-1');
    expect(returnKey(null, 'r-2')).toBe('r-2');
  });
});

describe('findErpDoubles', () => {
  it('passes with one record per order and per return', () => {
    const r = findErpDoubles([
      so('shopify:1', 'E1'),
      so('shopify:2', 'E2'),
      { document: 'credit memo', key: 'r-1', record: 'r-1' },
      { document: 'pipeline step', key: 'order o-1 erp-create', record: 'timeline #4' },
    ]);
    expect(r.read).toEqual({
      'sales order': 2,
      'return authorization': 0,
      'credit memo': 1,
      'pipeline step': 1,
    });
    expect(erpDoubleViolations(r)).toEqual([]);
  });

  it('reports a second sales order created for one order (the self-check tampering)', () => {
    const r = findErpDoubles([so('shopify:1', 'E1'), so('shopify:1', 'E1-selfcheck')]);
    expect(r.counts['sales order']).toBe(1);
    expect(erpDoubleViolations(r)).toEqual([
      'ERP calls doubled: 1 with two sales orders (shopify:1: E1, E1-selfcheck)',
    ]);
  });

  it('reports two credit memos for one return, and a pipeline step done twice', () => {
    const r = findErpDoubles([
      { document: 'credit memo', key: 'r-1', record: 'r-1' },
      { document: 'credit memo', key: 'r-1', record: 'r-1-again' },
      { document: 'pipeline step', key: 'order o-1 erp-create', record: 'timeline #4' },
      { document: 'pipeline step', key: 'order o-1 erp-create', record: 'timeline #9' },
    ]);
    expect(erpDoubleViolations(r)).toEqual([
      'ERP calls doubled: 1 with two credit memos (r-1: r-1, r-1-again)',
      'ERP calls doubled: 1 pipeline steps done twice (order o-1 erp-create: timeline #4, timeline #9)',
    ]);
  });
});
