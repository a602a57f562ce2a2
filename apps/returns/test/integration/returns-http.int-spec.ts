import { DataSource } from 'typeorm';
import { startTestService, TEST_ADMIN_KEY, TestService } from '@retail/platform-testing';
import type { ReturnsConfig } from '../../src/config/env';
import { RETURNS_SERVICE } from './support/returns-service';

/**
 * The HTTP surface of returns on real PostgreSQL and NATS, without the other services (their
 * URLs point at a closed port): validation, auth scopes, unknown returns and an unreachable
 * order service. The cross-service behaviour is in apps/e2e/test/returns-*.int-spec.ts.
 */
const valid = {
  orderId: 'order-1',
  channel: 'pos',
  locationId: 'STORE-1',
  lines: [{ lineId: 'L1', quantity: 1, reasonCode: 'changed_mind' }],
  resolution: 'refund',
};

describe('returns HTTP surface', () => {
  let svc: TestService<ReturnsConfig>;
  const post = (path: string, body: unknown, key = TEST_ADMIN_KEY) =>
    svc
      .http()
      .post(path)
      .set({ 'x-api-key': key, 'idempotency-key': `k-${Math.random()}` })
      .send(body as object);

  beforeAll(async () => {
    svc = await startTestService(RETURNS_SERVICE, {
      ORDERS_BASE_URL: 'http://127.0.0.1:9',
      INVENTORY_BASE_URL: 'http://127.0.0.1:9',
      ERP_BASE_URL: 'http://127.0.0.1:9',
    });
  });
  afterAll(() => svc?.close());

  it.each([
    ['an unknown field', { ...valid, refundTo: 'card' }, 'refundTo'],
    [
      'a zero quantity',
      { ...valid, lines: [{ ...valid.lines[0], quantity: 0 }] },
      'lines.0.quantity',
    ],
    ['an exchange without exchange lines', { ...valid, resolution: 'exchange' }, 'exchangeLines'],
    ['no lines', { ...valid, lines: [] }, 'lines'],
    [
      'a negative replacement price',
      {
        ...valid,
        resolution: 'exchange',
        exchangeLines: [{ sku: 'X', quantity: 1, unitPrice: -1 }],
      },
      'exchangeLines.0.unitPrice',
    ],
    [
      'an unknown exchange fulfilment',
      {
        ...valid,
        resolution: 'exchange',
        exchangeLines: [{ sku: 'X', quantity: 1 }],
        exchange: { fulfillment: 'drone' },
      },
      'exchange.fulfillment',
    ],
  ])('refuses %s with 422 and the field', async (_label, body, field) => {
    const res = await post('/v1/returns', body).expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("answers 403 to a channel key acting for another channel's return", async () => {
    await post('/v1/returns', { ...valid, channel: 'shopify' }, 'pos-key').expect(403);
  });

  it('answers 503 (retryable) while the order service is unreachable, storing nothing', async () => {
    const res = await post('/v1/returns', valid).expect(503);
    expect(res.body.detail).toContain('order service unavailable');
    const rows = await svc.app.get(DataSource).query('SELECT count(*)::int AS n FROM returns');
    expect(rows[0].n).toBe(0);
  });

  it('404s unknown returns on every route', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    await svc.http().get(`/v1/returns/${id}`).set('x-api-key', TEST_ADMIN_KEY).expect(404);
    await post(`/v1/returns/${id}/receive`, {}).expect(404);
    await post(`/v1/returns/${id}/inspection`, {
      lines: [{ lineId: 'L1', condition: 'new' }],
    }).expect(404);
    await post(`/v1/returns/${id}/approve`, {}).expect(404);
  });

  it('lets only an administrator or the store receive and inspect: never a channel or the warehouse', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    const inspection = { lines: [{ lineId: 'L1', condition: 'new' }] };
    for (const key of ['pos-key', 'shopify-key', 'wms-key']) {
      const res = await post(`/v1/returns/${id}/receive`, {}, key).expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      await post(`/v1/returns/${id}/inspection`, inspection, key).expect(403);
    }
    // A store key passes the scope check and reaches the lookup (unknown return: 404).
    await post(`/v1/returns/${id}/receive`, {}, 'store-1-key').expect(404);
    await post(`/v1/returns/${id}/inspection`, inspection, 'store-1-key').expect(404);
    const doc = await svc.http().get('/docs-json').expect(200);
    expect(doc.body.paths['/v1/returns/{id}/receive'].post['x-scopes']).toEqual(['admin', 'store']);
  });

  it('keeps approval and rejection for admins', async () => {
    const id = '01900000-0000-7000-8000-000000000000';
    await post(`/v1/returns/${id}/approve`, {}, 'pos-key').expect(403);
    await post(`/v1/returns/${id}/reject`, { reason: 'x' }, 'pos-key').expect(403);
    await post(`/v1/returns/${id}/reject`, {}).expect(422);
  });

  it('exposes the returns business metrics', async () => {
    const res = await svc.http().get('/metrics').expect(200);
    expect(res.text).toContain('retail_returns_pending_disposition 0');
    expect(res.text).toContain('retail_refund_exceptions_total');
    expect(res.text).toContain('# TYPE retail_returns_by_state gauge');
  });
});
