import * as sut from './lib/metrics-text';

const page = [
  '# HELP retail_erp_call_seconds Governed ERP calls',
  '# TYPE retail_erp_call_seconds histogram',
  'retail_erp_call_seconds_bucket{le="0.05",account="a",operation="upsertSalesOrder"} 3',
  'retail_erp_call_seconds_sum{account="a",operation="upsertSalesOrder"} 0.21',
  'retail_erp_call_seconds_count{account="a",operation="upsertSalesOrder"} 3',
  'retail_erp_call_seconds_count{account="b",operation="createCustomer"} 2',
  'retail_erp_governor_limit{account="a"} 4',
  'retail_outbox_pending 7',
].join('\n');

describe('reading a Prometheus text page', () => {
  it('gives every sample of one metric with its label set, and no sample of a longer name', () => {
    expect(sut.metricSamples(page, 'retail_erp_call_seconds_count')).toEqual([
      { labels: 'account="a",operation="upsertSalesOrder"', value: 3 },
      { labels: 'account="b",operation="createCustomer"', value: 2 },
    ]);
    expect(sut.metricSamples(page, 'retail_erp_call_seconds')).toEqual([]);
    expect(sut.metricSamples(page, 'retail_outbox_pending')).toEqual([{ labels: '', value: 7 }]);
  });

  it('reads one label of a label set, not a label whose name ends the same', () => {
    const labels = 'le="0.05",account="a",operation="upsertSalesOrder"';
    expect(sut.labelOf(labels, 'le')).toBe('0.05');
    expect(sut.labelOf(labels, 'operation')).toBe('upsertSalesOrder');
    expect(sut.labelOf('xle="1"', 'le')).toBeUndefined();
    expect(sut.labelOf(labels, 'channel')).toBeUndefined();
  });
});
