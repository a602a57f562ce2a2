import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { createDcLocation } from '../src/master-data';
import { canonicalOrder, seedStock } from '../src/orders';
import { Stack, startStack } from '../src/stack';

/**
 * A channel key reserves stock only for an existing order of its own channel (issue 17,
 * ADR 0022): inventory asks order-ingestion, the owner of orders, with its service key. An
 * unknown order is 422 and another channel's order 403, and neither reserves anything; the
 * pipeline's own reservations (service key) are not asked about.
 */
const DC = 'RS-DC-1';
const SKU = 'RS-HOLD';

jest.setTimeout(240_000);

describe('reservations by a channel key', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion'],
    });
    await createDcLocation(stack, DC);
    await seedStock(stack, SKU, DC, 50, { 'x-api-key': 'wms-key' });
  }, 240_000);
  afterAll(() => stack?.stop(), 60_000);

  async function shopifyOrder(): Promise<string> {
    const created = await stack.call(
      'order-ingestion',
      'POST',
      '/v1/orders',
      canonicalOrder('RS-UNLISTED', DC),
      { 'x-api-key': 'shopify-key' },
    );
    expect(created.status).toBe(202);
    return created.body.orderId;
  }

  const reserve = (key: string, body: unknown, path = '/v1/reservations') =>
    stack.call('inventory', 'POST', path, body, { 'x-api-key': key });

  async function reservedFor(orderIds: string[]): Promise<number> {
    const client = new Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM "${stack.schema('inventory')}".reservations
          WHERE order_id = ANY($1)`,
        [orderIds],
      );
      return rows[0].n;
    } finally {
      await client.end();
    }
  }

  it('reserves for its own order, and refuses an unknown or another channel’s order, reserving nothing', async () => {
    const orderId = await shopifyOrder();
    const line = (over: Record<string, unknown>) => ({
      orderId,
      lineId: 'R1',
      sku: SKU,
      quantity: 2,
      channel: 'shopify',
      ...over,
    });
    const unknown = `ord-${randomUUID()}`;

    const own = await reserve('shopify-key', line({}));
    expect(own.status).toBe(201);
    expect(own.body.status).toBe('reserved');

    const foreign = await reserve('amazon-key', line({ lineId: 'R2', channel: 'amazon' }));
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');

    const none = await reserve('shopify-key', line({ orderId: unknown }));
    expect(none.status).toBe(422);
    expect(none.body.type).toContain('order-unknown');

    const batch = await reserve(
      'shopify-key',
      { reservations: [line({ lineId: 'R3' }), line({ orderId: unknown, lineId: 'R4' })] },
      '/v1/reservations:batch',
    );
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([201, 422]);

    expect(await reservedFor([unknown])).toBe(0);
    const lines = await (async () => {
      const client = new Client({ connectionString: stack.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT line_id FROM "${stack.schema('inventory')}".reservations
            WHERE order_id = $1 AND line_id LIKE 'R%' ORDER BY line_id`,
          [orderId],
        );
        return rows.map((r: { line_id: string }) => r.line_id);
      } finally {
        await client.end();
      }
    })();
    expect(lines).toEqual(['R1', 'R3']);
  });

  it('answers a replayed Idempotency-Key as the first time while order-ingestion is down; a new key gets 503', async () => {
    const orderId = await shopifyOrder();
    const line = { orderId, lineId: 'K1', sku: SKU, quantity: 1, channel: 'shopify' };
    const key = `rs-${randomUUID()}`;
    const first = await stack.call('inventory', 'POST', '/v1/reservations', line, {
      'x-api-key': 'shopify-key',
      'idempotency-key': key,
    });
    expect(first.status).toBe(201);

    await stack.stopService('order-ingestion');
    try {
      const replay = await stack.call('inventory', 'POST', '/v1/reservations', line, {
        'x-api-key': 'shopify-key',
        'idempotency-key': key,
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);

      const reused = await stack.call(
        'inventory',
        'POST',
        '/v1/reservations',
        { ...line, lineId: 'K2' },
        { 'x-api-key': 'shopify-key', 'idempotency-key': key },
      );
      expect(reused.status).toBe(422);
      expect(reused.body.type).toContain('idempotency-key-reused');

      const fresh = await stack.call(
        'inventory',
        'POST',
        '/v1/reservations',
        { ...line, lineId: 'K3' },
        { 'x-api-key': 'shopify-key', 'idempotency-key': `rs-${randomUUID()}` },
      );
      expect(fresh.status).toBe(503);
      expect(fresh.headers.get('retry-after')).toBeTruthy();
      expect(await reservedFor([orderId])).toBe(1);
    } finally {
      await stack.restart('order-ingestion');
    }
  });
});
