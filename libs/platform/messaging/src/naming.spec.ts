import {
  dlqSubject,
  logicalStreamName,
  logicalSubject,
  streamName,
  subjectFor,
  assertNamespace,
} from './naming';

describe('naming', () => {
  it('prefixes stream names with the upper-cased namespace', () => {
    const sut = streamName({ name: 'RETAIL_ORDERS', subjects: ['retail.orders.>'] }, 't1a2b');
    expect(sut).toBe('T1A2B_RETAIL_ORDERS');
  });

  it('leaves names alone without a namespace', () => {
    expect(streamName('RETAIL_ORDERS', '')).toBe('RETAIL_ORDERS');
    expect(subjectFor('retail.orders.>', '')).toBe('retail.orders.>');
  });

  it('prefixes subjects with the namespace token', () => {
    expect(subjectFor('retail.orders.>', 't1a2b')).toBe('t1a2b.retail.orders.>');
  });

  it('round-trips wire names to logical names', () => {
    expect(logicalSubject('t1.retail.orders.v1.order.accepted', 't1')).toBe(
      'retail.orders.v1.order.accepted',
    );
    expect(logicalStreamName('T1_RETAIL_DLQ', 't1')).toBe('RETAIL_DLQ');
  });

  it('derives dead-letter subjects per stream and consumer', () => {
    expect(dlqSubject('RETAIL_ORDERS', 'inventory--reserve', 'ns1')).toBe(
      'ns1.retail.dlq.RETAIL_ORDERS.inventory--reserve',
    );
  });

  it('rejects namespaces that would break subjects', () => {
    expect(() => assertNamespace('a.b')).toThrow('invalid NATS namespace');
    expect(() => assertNamespace('T1')).toThrow();
    expect(() => assertNamespace('t1a2b')).not.toThrow();
  });
});
