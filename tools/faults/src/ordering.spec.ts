import {
  aggregateKey,
  checkOrdering,
  eventOf,
  InboxRow,
  orderingViolations,
  StreamEvent,
} from './ordering';

const seq = (n: number) => String(n).padStart(20, '0');
const ev = (streamSeq: number, id: string, sequence: number, key = 'src order-1'): StreamEvent => ({
  stream: 'FLT_RETAIL_ORDERS',
  streamSeq,
  id,
  key,
  sequence: seq(sequence),
});
const applied = (consumer: string, messageId: string, us: number): InboxRow => ({
  consumer,
  messageId,
  receivedAtUs: us,
});

describe('aggregateKey', () => {
  it('is the source plus the subject, or SKU and channel for availability', () => {
    expect(aggregateKey({ source: '/retail/order-ingestion', subject: 'o-1' })).toBe(
      '/retail/order-ingestion o-1',
    );
    expect(
      aggregateKey({
        source: '/retail/inventory',
        type: 'retail.inventory.v1.availability.changed',
        subject: 'SKU-1',
        data: { sku: 'SKU-1', channel: 'shopify' },
      }),
    ).toBe('/retail/inventory SKU-1/shopify');
  });
});

describe('eventOf', () => {
  const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  it('keeps CloudEvents with a sequence and says why it skips the rest', () => {
    const ce = { id: 'e1', source: 's', subject: 'o', sequence: seq(3) };
    expect(eventOf('S', 7, bytes(ce), false)).toEqual({
      stream: 'S',
      streamSeq: 7,
      id: 'e1',
      key: 's o',
      sequence: seq(3),
    });
    expect(eventOf('S', 8, bytes({ id: 'e2', subject: 'o' }), false)).toBe('no-sequence');
    expect(eventOf('S', 9, new TextEncoder().encode('{not json'), false)).toBe('no-sequence');
    expect(eventOf('S', 10, bytes(ce), true)).toBe('replay');
  });
});

describe('checkOrdering: stream order', () => {
  it('passes when every aggregate is stored in sequence order', () => {
    const r = checkOrdering(
      [ev(1, 'a', 10), ev(2, 'x', 5, 'src order-2'), ev(3, 'b', 11), ev(4, 'y', 9, 'src order-2')],
      new Set(),
      [],
    );
    expect(r.counts).toEqual({
      streamOutOfOrder: 0,
      explainedByRetry: 0,
      appliedOutOfOrder: 0,
      appliedAsStored: 0,
    });
    expect(orderingViolations(r)).toEqual([]);
  });

  it('reports a copy of an older event published after a newer one (the self-check tampering)', () => {
    const r = checkOrdering([ev(1, 'a', 10), ev(2, 'b', 11), ev(3, 'a', 10)], new Set(), []);
    expect(r.counts.streamOutOfOrder).toBe(1);
    expect(r.streamOutOfOrder[0]).toMatchObject({ older: { id: 'a', streamSeq: 3 } });
    expect(orderingViolations(r)).toEqual([
      'events out of order: 1 stored after a newer event of their aggregate (src order-1 #10 after #11)',
    ]);
  });

  it('does not compare sequences across aggregates or sources', () => {
    const r = checkOrdering([ev(1, 'a', 10, 'one o'), ev(2, 'b', 3, 'two o')], new Set(), []);
    expect(r.counts.streamOutOfOrder).toBe(0);
  });

  it('counts a regression of an event whose publish was retried as explained, not a violation', () => {
    const r = checkOrdering([ev(1, 'b', 11), ev(2, 'a', 10)], new Set(['a']), []);
    expect(r.counts).toMatchObject({ streamOutOfOrder: 0, explainedByRetry: 1 });
    expect(orderingViolations(r)).toEqual([]);
  });
});

describe('checkOrdering: application order', () => {
  const events = [ev(1, 'a', 10), ev(2, 'b', 11), ev(3, 'c', 12)];

  it('passes when the consumer applied in sequence order, or within one transaction', () => {
    const inbox = [
      applied('cs.push', 'a', 100),
      applied('cs.push', 'c', 200),
      applied('cs.push', 'b', 200),
    ];
    const r = checkOrdering(events, new Set(), inbox);
    expect(r.counts.appliedOutOfOrder).toBe(0);
    expect(r.consumers).toEqual({ 'cs.push': 3 });
  });

  it('compares only inbox rows that name an event of the streams', () => {
    const inbox = [applied('cs.push', 'a', 100), applied('inv.cmd', 'not-an-event', 50)];
    expect(checkOrdering(events, new Set(), inbox).consumers).toEqual({ 'cs.push': 1 });
  });

  it('reports an older event applied after a newer one the stream held in order', () => {
    const inbox = [applied('cs.push', 'b', 100), applied('cs.push', 'a', 200)];
    const r = checkOrdering(events, new Set(), inbox);
    expect(r.counts.appliedOutOfOrder).toBe(1);
    expect(r.appliedOutOfOrder[0]).toMatchObject({
      consumer: 'cs.push',
      newer: { id: 'b' },
      older: { id: 'a' },
    });
    expect(orderingViolations(r)[0]).toMatch(/^events out of order: 1 applied after a newer event/);
  });

  it('judges each consumer on its own', () => {
    const inbox = [applied('one', 'b', 100), applied('two', 'a', 200)];
    expect(checkOrdering(events, new Set(), inbox).counts.appliedOutOfOrder).toBe(0);
  });

  it('counts a reversal the stream already held as applied as stored (the stream check reports it)', () => {
    const stored = [ev(1, 'b', 11), ev(2, 'a', 10)];
    const inbox = [applied('cs.push', 'b', 100), applied('cs.push', 'a', 200)];
    const r = checkOrdering(stored, new Set(['a']), inbox);
    expect(r.counts).toMatchObject({ appliedOutOfOrder: 0, appliedAsStored: 1 });
  });
});
