import { DomainException } from '@retail/platform-http';
import { ChannelOrderCheck, OrderDirectory } from './channel-order-check';

describe('ChannelOrderCheck', () => {
  const orders = new Map([['o-shop', 'shopify']]);
  let asked: string[];
  const directory: OrderDirectory = {
    channelOf: async (orderId) => {
      asked.push(orderId);
      return orders.get(orderId);
    },
  };
  const sut = new ChannelOrderCheck(directory);
  beforeEach(() => (asked = []));

  const statusOf = async (promise: Promise<void>) =>
    promise.then(
      () => 'passed',
      (err: unknown) => (err instanceof DomainException ? err.status : err),
    );

  it('lets a channel reserve for an existing order of its own channel, asking once per order', async () => {
    const check = sut.forRequest({ kind: 'channel', channel: 'shopify' });
    expect(await statusOf(check('o-shop'))).toBe('passed');
    expect(await statusOf(check('o-shop'))).toBe('passed');
    expect(asked).toEqual(['o-shop']);
  });

  it('refuses an unknown order with 422 and another channel’s order with 403', async () => {
    expect(await statusOf(sut.forRequest({ kind: 'channel', channel: 'shopify' })('o-none'))).toBe(
      422,
    );
    expect(await statusOf(sut.forRequest({ kind: 'channel', channel: 'amazon' })('o-shop'))).toBe(
      403,
    );
  });

  it('never asks for a service or an admin key', async () => {
    for (const principal of [{ kind: 'service' }, { kind: 'admin' }] as const)
      expect(await statusOf(sut.forRequest(principal)('o-none'))).toBe('passed');
    expect(asked).toEqual([]);
  });
});
