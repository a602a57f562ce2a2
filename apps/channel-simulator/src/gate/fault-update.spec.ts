import { parseFaultChanges } from './fault-update';

const limiters = () => ['getOrders', 'getOrderItems'];

describe('parseFaultChanges', () => {
  it('accepts known settings and limiter overrides', () => {
    const sut = parseFaultChanges(
      {
        amazon: {
          mode: 'slow',
          latencyMs: 50,
          duplicatePages: true,
          limits: { getOrders: { kind: 'bucket', capacity: 5, ratePerSecond: 100 } },
        },
      },
      limiters,
    );

    expect(sut.problems).toEqual([]);
    expect(sut.changes.amazon).toEqual({
      mode: 'slow',
      latencyMs: 50,
      duplicatePages: true,
      limits: { getOrders: { kind: 'bucket', capacity: 5, ratePerSecond: 100 } },
    });
  });

  it('lists every problem: unknown channel, field, limiter, bad values', () => {
    const sut = parseFaultChanges(
      {
        ebay: {},
        amazon: {
          mode: 'sideways',
          errorRate: 2,
          colour: 'red',
          limits: { getOrder: null, getOrders: { kind: 'bucket' } },
        },
      },
      limiters,
    );

    expect(sut.problems).toHaveLength(6);
  });
});
