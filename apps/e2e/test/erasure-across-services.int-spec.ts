import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { testNatsUrl } from '@retail/platform-testing';
import {
  CHANNEL_ORDER_SERVICES,
  channelOrderImported,
  DRIVEN_CHANNEL_SYNC_ENV,
  recordFulfillment,
  wholeOrderShipped,
} from '../src/channel-orders';
import { createProducts } from '../src/master-data';
import { postShopifyOrder, shopifyOrderPayload } from '../src/shopify-webhook';
import { eventually, type ServiceName, Stack, startStack } from '../src/stack';

jest.setTimeout(600_000);

type Json = Record<string, any>;
const DC = 'dc-erase-1';
const SKU = 'ERASE-SKU-1';

/** The stand-ins for the retailer's external systems (ERP, WMS, channels): not ours to erase. */
const EXTERNAL: ServiceName[] = ['backoffice-simulator', 'channel-simulator'];
const SERVICES: ServiceName[] = [...CHANNEL_ORDER_SERVICES, 'returns'];

/**
 * Erasure across the system (ADR 0035), on the process stack: a customer buys twice through
 * Shopify (once pulled by channel-sync, once by webhook) and returns a unit (the inspector notes
 * their e-mail); once master-data erased them and every service confirmed, their e-mail is in no
 * text or jsonb column of any table of any service schema and in no message any stream still
 * holds: the stated window (ADR 0035) ends when the erasure is complete.
 */
describe('erasure across services', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      only: SERVICES,
      env: {
        'channel-sync': DRIVEN_CHANNEL_SYNC_ENV,
        returns: { RETURNS_APPROVAL_THRESHOLD: '100000000' },
      },
      readyTimeoutMs: 240_000,
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  /**
   * Every text, varchar, json and jsonb column of every table of our services' schemas holding
   * `needle`, as `service.table.column (rows)`.
   */
  async function tablesHolding(needle: string): Promise<string[]> {
    const serviceOf = new Map(
      SERVICES.filter((n) => !EXTERNAL.includes(n)).map((n) => [stack.schema(n), n]),
    );
    const ours = [...serviceOf.keys()];
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const { rows: columns } = await db.query<{ s: string; t: string; c: string }>(
        `SELECT table_schema AS s, table_name AS t, column_name AS c
           FROM information_schema.columns c
           JOIN information_schema.tables USING (table_schema, table_name)
          WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'
            AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'character')`,
        [ours],
      );
      expect(new Set(columns.map((c) => c.s))).toEqual(new Set(ours));
      const found: string[] = [];
      for (const { s, t, c } of columns) {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${s}"."${t}" WHERE "${c}"::text ILIKE $1`,
          [`%${needle}%`],
        );
        if (rows[0].n > 0) found.push(`${serviceOf.get(s)}.${t}.${c} (${rows[0].n})`);
      }
      return found;
    } finally {
      await db.end();
    }
  }

  /** Every message of every stream of the stack's namespace holding `needle` (dead letters decoded). */
  async function messagesHolding(needle: string): Promise<{ streams: string[]; found: string[] }> {
    const { connect } = await import('@nats-io/transport-node');
    const { jetstream, jetstreamManager, DeliverPolicy } = await import('@nats-io/jetstream');
    const nc = await connect({ servers: testNatsUrl() });
    try {
      const jsm = await jetstreamManager(nc);
      const js = jetstream(nc);
      const streams: string[] = [];
      const found: string[] = [];
      for await (const si of jsm.streams.list()) {
        const name = si.config.name;
        if (!name.startsWith(`${stack.namespace.toUpperCase()}_`)) continue;
        streams.push(name);
        if (si.state.messages === 0) continue;
        const consumer = await js.consumers.get(name, { deliver_policy: DeliverPolicy.All });
        for (;;) {
          const msg = await consumer.next({ expires: 2000 });
          if (!msg) break;
          const text = new TextDecoder().decode(msg.data);
          let decoded = text;
          try {
            const body = JSON.parse(text) as Json;
            if (typeof body.payload === 'string')
              decoded += Buffer.from(body.payload, 'base64').toString();
          } catch {
            /* not JSON: searched as it is */
          }
          if (decoded.toLowerCase().includes(needle.toLowerCase()))
            found.push(`${name}#${msg.info.streamSequence} ${msg.subject}`);
          if (msg.info.pending === 0) break;
        }
      }
      return { streams, found };
    } finally {
      await nc.close();
    }
  }

  it("leaves the erased customer's e-mail in no table and no stream", async () => {
    const email = `erase-${randomUUID().slice(0, 8)}@example.com`;
    await createProducts(stack, [SKU]);
    const receipt = await stack.call('inventory', 'POST', '/v1/inventory/movements', [
      {
        eventId: `erase-receipt-${randomUUID()}`,
        source: 'wms',
        sourceSequence: 1,
        occurredAt: new Date().toISOString(),
        type: 'receipt',
        sku: SKU,
        locationId: DC,
        quantity: 50,
      },
    ]);
    expect(receipt.status).toBe(200);

    // Order 1: pulled from Shopify by channel-sync, the buyer's e-mail replaced by ours.
    let shopifyCustomerId = 0;
    const pulled = await channelOrderImported(stack, 'shopify', [SKU], (native) => {
      shopifyCustomerId = native.customer.id;
      const seeded = String(native.email);
      return JSON.parse(JSON.stringify(native).split(seeded).join(email));
    });
    // Order 2: Shopify's webhook straight to order-ingestion, the same Shopify customer.
    const webhook = shopifyOrderPayload(
      Date.now(),
      { sku: SKU, title: 'Erase test item', price: '19.99', variantId: 4711 },
      shopifyCustomerId,
    );
    const second = await postShopifyOrder(
      stack,
      JSON.parse(JSON.stringify(webhook).split('ada@example.com').join(email)),
      `erase-${randomUUID()}`,
    );
    const customerOf = async (orderId: string) =>
      (await stack.call('order-ingestion', 'GET', `/v1/orders/${orderId}`)).body?.customer;
    const customerId: string = await eventually(async () => {
      const [a, b] = [await customerOf(pulled.order.orderId), await customerOf(second)];
      return a?.customerId && b?.customerId ? a.customerId : undefined;
    });
    expect((await customerOf(second)).customerId).toBe(customerId);
    expect((await customerOf(pulled.order.orderId)).email).toBe(email);

    // A return of order 1, refunded and closed (channel-sync pushes the refund to Shopify).
    await recordFulfillment(
      stack,
      wholeOrderShipped(pulled.order, DC, { carrier: 'UPS', trackingNumber: '1ZERASE' }),
    );
    const line = pulled.order.lines[0];
    const created = await eventually(
      async () => {
        const res = await stack.call(
          'returns',
          'POST',
          '/v1/returns',
          {
            orderId: pulled.order.orderId,
            channel: 'pos',
            locationId: DC,
            lines: [{ lineId: line.lineId, quantity: 1, reasonCode: 'changed_mind' }],
            resolution: 'refund',
          },
          { 'idempotency-key': randomUUID() },
        );
        return res.status === 201 ? res : undefined;
      },
      60_000,
      1000,
    );
    const returnId: string = created.body.returnId;
    await stack.call('returns', 'POST', `/v1/returns/${returnId}/receive`, {});
    // The store's inspector writes the customer down in the notes (they do).
    const inspected = await stack.call('returns', 'POST', `/v1/returns/${returnId}/inspection`, {
      lines: [{ lineId: line.lineId, condition: 'new', notes: `brought in by ${email}` }],
    });
    expect(inspected.status).toBeLessThan(300);
    await eventually(
      async () =>
        (await stack.call('returns', 'GET', `/v1/returns/${returnId}`)).body?.status === 'closed' ||
        undefined,
      120_000,
      500,
    );
    // Before the erasure the e-mail is there to find: the scans can fail.
    // Before the erasure the scans find the person where they are expected: they can fail.
    expect(await tablesHolding(email)).toEqual(
      expect.arrayContaining([
        'master-data.customer.email (1)',
        'returns.return_lines.notes (1)',
        'order-ingestion.orders.order (2)',
        'order-ingestion.order_payloads.payload (2)',
        'order-ingestion.outbox.payload (2)',
      ]),
    );
    expect((await messagesHolding(email)).found).toEqual([
      expect.stringMatching(/_RETAIL_ORDERS#\d+ .*retail\.orders\.v1\.order\.accepted$/),
      expect.stringMatching(/_RETAIL_ORDERS#\d+ .*retail\.orders\.v1\.order\.accepted$/),
    ]);

    const erased = await stack.call('master-data', 'DELETE', `/v1/customers/${customerId}`);
    expect(erased.status).toBe(204);
    const done = await eventually(
      async () => {
        const res = await stack.call('master-data', 'GET', `/v1/customers/${customerId}/erasure`);
        return res.body?.complete === true ? res.body : undefined;
      },
      120_000,
      500,
    );
    expect(done.services).toEqual(
      expect.arrayContaining(
        ['master-data', 'order-ingestion', 'returns', 'channel-sync'].map((service) =>
          expect.objectContaining({ service, status: 'completed' }),
        ),
      ),
    );
    expect(done.services.find((s: Json) => s.service === 'order-ingestion').ordersErased).toBe(2);

    expect(await tablesHolding(email)).toEqual([]);
    const { streams, found } = await messagesHolding(email);
    expect(streams.length).toBeGreaterThanOrEqual(5);
    expect(found).toEqual([]);
    // The orders keep their ids, lines and amounts; the person is gone.
    const after = await stack.call('order-ingestion', 'GET', `/v1/orders/${second}`);
    expect(after.body.customer).toEqual({ customerId });
    expect(after.body.lines).toHaveLength(1);
  });
});
