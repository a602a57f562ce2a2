import type { FastifyRequest } from 'fastify';
import { channelUpdatedAt } from './channel-payment-updates';

const request = (body: unknown, headers: Record<string, string> = {}) =>
  ({ body, headers }) as unknown as FastifyRequest;

describe('channelUpdatedAt (the time a channel delivery orders its payment status by)', () => {
  it("takes Shopify's updated_at before channel-sync's header", () => {
    const req = request(
      { updated_at: '2026-11-20T14:05:00+01:00' },
      { 'x-retail-channel-updated-at': '2026-11-20T20:00:00Z' },
    );
    expect(channelUpdatedAt('shopify', req)?.toISOString()).toBe('2026-11-20T13:05:00.000Z');
  });

  it("takes channel-sync's header for other channels, or an unreadable updated_at", () => {
    const header = { 'x-retail-channel-updated-at': '2026-11-20T20:00:00Z' };
    expect(channelUpdatedAt('amazon', request({ updated_at: 'x' }, header))?.toISOString()).toBe(
      '2026-11-20T20:00:00.000Z',
    );
    expect(
      channelUpdatedAt('shopify', request({ updated_at: 'soon' }, header))?.toISOString(),
    ).toBe('2026-11-20T20:00:00.000Z');
  });

  it('is undefined when the delivery says nothing usable', () => {
    expect(
      channelUpdatedAt('amazon', request({ updated_at: '2026-11-20T20:00:00Z' })),
    ).toBeUndefined();
    expect(
      channelUpdatedAt('square', request({}, { 'x-retail-channel-updated-at': 'yesterday' })),
    ).toBeUndefined();
  });
});
