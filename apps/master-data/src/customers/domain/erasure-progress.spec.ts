import { ERASURE_SERVICES, erasureProgress as sut } from './erasure-progress';

const requestedAt = '2026-12-06T10:00:00.000Z';

describe('erasure progress', () => {
  it('waits for order-ingestion, the consumer of customer.erased', () => {
    expect(ERASURE_SERVICES).toEqual(['order-ingestion']);
    expect(sut('cus_1', requestedAt, [])).toEqual({
      customerId: 'cus_1',
      requestedAt,
      services: [{ service: 'order-ingestion', status: 'pending', completedAt: null }],
      complete: false,
    });
  });

  it('is complete once every expected service confirmed, keeping their counts', () => {
    const done = { service: 'order-ingestion', completedAt: '2026-12-06T10:00:01.000Z' };
    const progress = sut('cus_1', requestedAt, [{ ...done, ordersErased: 3 }]);
    expect(progress.complete).toBe(true);
    expect(progress.services).toEqual([{ ...done, status: 'completed', ordersErased: 3 }]);
  });

  it('stays incomplete while one of several services is pending, listing them in order', () => {
    const progress = sut(
      'cus_1',
      requestedAt,
      [{ service: 'returns', completedAt: requestedAt }],
      ['order-ingestion', 'returns'],
    );
    expect(progress.complete).toBe(false);
    expect(progress.services.map((s) => [s.service, s.status])).toEqual([
      ['order-ingestion', 'pending'],
      ['returns', 'completed'],
    ]);
  });

  it('shows a confirmation from a service it does not wait for without counting on it', () => {
    const progress = sut('cus_1', requestedAt, [
      { service: 'channel-sync', completedAt: requestedAt },
    ]);
    expect(progress.complete).toBe(false);
    expect(progress.services.map((s) => s.service)).toEqual(['order-ingestion', 'channel-sync']);
  });
});
