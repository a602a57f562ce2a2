import { ERASURE_SERVICES, erasureProgress as sut } from './erasure-progress';

const requestedAt = '2026-12-06T10:00:00.000Z';

describe('erasure progress', () => {
  it('waits for every consumer of customer.erased that stores personal data', () => {
    expect(ERASURE_SERVICES).toEqual(['master-data', 'order-ingestion', 'returns', 'channel-sync']);
    expect(sut('cus_1', requestedAt, [])).toEqual({
      customerId: 'cus_1',
      requestedAt,
      services: ERASURE_SERVICES.map((service) => ({
        service,
        status: 'pending',
        completedAt: null,
      })),
      complete: false,
    });
  });

  it('is complete once every expected service confirmed, keeping their counts', () => {
    const at = '2026-12-06T10:00:01.000Z';
    const progress = sut('cus_1', requestedAt, [
      { service: 'master-data', completedAt: at },
      { service: 'order-ingestion', completedAt: at, ordersErased: 3 },
      { service: 'returns', completedAt: at },
      { service: 'channel-sync', completedAt: at },
    ]);
    expect(progress.complete).toBe(true);
    expect(progress.services).toEqual([
      { service: 'master-data', completedAt: at, status: 'completed' },
      { service: 'order-ingestion', completedAt: at, status: 'completed', ordersErased: 3 },
      { service: 'returns', completedAt: at, status: 'completed' },
      { service: 'channel-sync', completedAt: at, status: 'completed' },
    ]);
  });

  it('stays incomplete while only order-ingestion confirmed', () => {
    const done = { service: 'order-ingestion', completedAt: requestedAt };
    expect(sut('cus_1', requestedAt, [done]).complete).toBe(false);
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
    const progress = sut(
      'cus_1',
      requestedAt,
      [{ service: 'inventory', completedAt: requestedAt }],
      ['order-ingestion'],
    );
    expect(progress.complete).toBe(false);
    expect(progress.services.map((s) => s.service)).toEqual(['order-ingestion', 'inventory']);
  });
});
