import { NonRetryableError, Ok, Retry, Skipped } from './consumer-result';
import { backoffDelay, decideOnError, decideOnResult } from './delivery-policy';

const first = { deliveryCount: 1, maxDeliver: 3, backoffMs: 100 };
const last = { deliveryCount: 3, maxDeliver: 3, backoffMs: 100 };

describe('delivery policy', () => {
  it('acks Ok and Skipped', () => {
    expect(decideOnResult(Ok, first)).toEqual({ action: 'ack', outcome: 'ok' });
    expect(decideOnResult(Skipped, last)).toEqual({ action: 'ack', outcome: 'skipped' });
  });

  it('naks Retry with the requested delay until the last delivery', () => {
    expect(decideOnResult(Retry(250), first)).toEqual({
      action: 'nak',
      delayMs: 250,
      outcome: 'retry',
    });
    expect(decideOnResult(Retry(250), last).action).toBe('dead-letter');
  });

  it('backs off exponentially on errors and dead-letters on the last delivery with the reason', () => {
    expect(decideOnError(new Error('db down'), first)).toMatchObject({
      action: 'nak',
      delayMs: 100,
    });
    expect(decideOnError(new Error('db down'), { ...first, deliveryCount: 2 })).toMatchObject({
      delayMs: 200,
    });
    const sut = decideOnError(new Error('db down'), last);
    expect(sut).toEqual({
      action: 'dead-letter',
      reason: 'failed 3 deliveries; last error: Error: db down',
    });
  });

  it('dead-letters non-retryable errors at once', () => {
    expect(decideOnError(new NonRetryableError('bad sku'), first)).toMatchObject({
      action: 'dead-letter',
    });
  });

  it('caps the back-off at five minutes', () => {
    expect(backoffDelay(30, 1000)).toBe(300_000);
  });
});
