import { fakeFetch, type FakeResponse, ServiceClient } from '@retail/platform-http-client';
import { HttpOrdersAdapter } from './http-orders.adapter';
import { OrderRejectedError, OrdersUnavailableError } from './orders.port';

const problem = (status: number, type: string, detail: string) => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: { type, title: type, status, detail },
});

function adapter(responses: FakeResponse[]) {
  const fake = fakeFetch(responses);
  const client = new ServiceClient({
    dependency: 'order-ingestion',
    baseUrl: 'http://orders.test',
    apiKey: 'svc-key',
    timeoutMs: 1000,
    fetch: fake.fetch,
  });
  return { sut: new HttpOrdersAdapter(client), calls: fake.calls };
}

describe('HttpOrdersAdapter (order-ingestion through the platform ServiceClient)', () => {
  it('posts the native payload with our key, the source and the correlation id', async () => {
    const { sut, calls } = adapter([{ status: 202, body: { orderId: 'o-1', status: 'received' } }]);

    const submitted = await sut.submit('amazon', { AmazonOrderId: '1' }, 'pull', 'corr-1');

    expect(submitted).toEqual({ orderId: 'o-1', status: 'received', alreadyKnown: false });
    expect(calls[0]).toMatchObject({
      url: 'http://orders.test/v1/channels/amazon/orders',
      method: 'POST',
      body: { AmazonOrderId: '1' },
      headers: { 'x-api-key': 'svc-key', 'x-retail-source': 'pull', 'x-correlation-id': 'corr-1' },
    });
  });

  it("sends the channel's update time, which orders the payment status it carries", async () => {
    const { sut, calls } = adapter([{ status: 202, body: { orderId: 'o-1', alreadyKnown: true } }]);
    const updatedAt = new Date('2026-12-01T10:00:00Z');

    await sut.submit('shopify', { id: 1 }, 'pull', 'corr-2', updatedAt);

    expect(calls[0].headers).toMatchObject({
      'x-retail-channel-updated-at': '2026-12-01T10:00:00.000Z',
    });
  });

  it('a 4xx refuses the payload; 5xx, 429, 409 in flight and a refused key are retryable', async () => {
    const { sut } = adapter([
      problem(422, 'validation-failed', 'no lines'),
      { status: 503 },
      { status: 429, headers: { 'retry-after': '1' } },
      problem(409, 'idempotency-in-flight', 'in progress'),
      problem(401, 'unauthorized', 'key'),
    ]);
    const submit = () => sut.submit('square', {}, 'webhook', 'c');

    await expect(submit()).rejects.toBeInstanceOf(OrderRejectedError);
    for (let i = 0; i < 4; i++)
      await expect(submit()).rejects.toBeInstanceOf(OrdersUnavailableError);
  });

  it('a cancel refused because lines shipped is final; one in flight is retried', async () => {
    const { sut } = adapter([
      { status: 200, body: { status: 'cancelled' } },
      problem(409, 'order-lines-shipped', 'lines already shipped'),
      problem(409, 'idempotency-in-flight', 'in progress'),
    ]);

    expect(await sut.cancel('o-1', 'k', 'cancelled in shopify')).toBe('cancelled');
    expect(await sut.cancel('o-1', 'k', 'cancelled in shopify')).toBe('refused');
    await expect(sut.cancel('o-1', 'k', 'r')).rejects.toBeInstanceOf(OrdersUnavailableError);
  });

  it('lists every page of a channel (GET /v1/orders as a service)', async () => {
    const { sut, calls } = adapter([
      { status: 200, body: { items: [{ orderId: 'a', channelOrderId: '1' }], nextCursor: 'c1' } },
      { status: 200, body: { items: [{ orderId: 'b', channelOrderId: '2' }] } },
    ]);

    const ids: string[] = [];
    for await (const o of sut.listForChannel('shopify')) ids.push(o.orderId);

    expect(ids).toEqual(['a', 'b']);
    expect(calls[1].url).toBe('http://orders.test/v1/orders?channel=shopify&limit=200&cursor=c1');
  });
});
