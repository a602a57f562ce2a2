import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { SUBJECTS } from '@retail/contracts';
import { EventPublisher } from '@retail/platform-messaging';
import {
  eventually,
  startTestService,
  TEST_ADMIN_KEY,
  TestService,
} from '@retail/platform-testing';
import type { ReturnsConfig } from '../../src/config/env';
import { RETURNS_SERVICE } from './support/returns-service';

jest.setTimeout(60_000);

/**
 * `retail.masterdata.v1.customer.erased` in returns (ADR 0035), on real PostgreSQL and NATS: the
 * customer's inspection notes and exchange shipping addresses are cleared, other customers' kept, and the completion is
 * announced once.
 */
describe('returns: customer erasure', () => {
  let svc: TestService<ReturnsConfig>;
  let db: DataSource;

  beforeAll(async () => {
    svc = await startTestService(RETURNS_SERVICE, {
      ORDERS_BASE_URL: 'http://127.0.0.1:9',
      INVENTORY_BASE_URL: 'http://127.0.0.1:9',
      ERP_BASE_URL: 'http://127.0.0.1:9',
    });
    db = svc.app.get(DataSource);
  });
  afterAll(() => svc?.close());

  /** A closed return of `customerId` whose one line carries the inspector's `notes`. */
  const returnOf = async (customerId: string, notes: string): Promise<string> => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO returns (id, order_id, order_channel, channel, location_id, resolution, status,
         currency, customer_id, order_data, estimate)
       VALUES ($1, $2, 'shopify', 'pos', 'STORE-1', 'refund', 'closed', 'EUR', $3, '{}', '{}')`,
      [id, `order-${id}`, customerId],
    );
    await db.query(
      `INSERT INTO return_lines (return_id, line_id, sku, erp_item_id, quantity, reason_code,
         unit_price, discount_share, tax_share, pool_quantity, pool_tax, restocking_fee_percent,
         serial_tracked, condition, disposition, notes)
       VALUES ($1, 'L1', 'SKU-1', 'ERP-1', 1, 'changed_mind', 1000, 0, 0, 1, 0, 0, false, 'new',
         'restock', $2)`,
      [id, notes],
    );
    return id;
  };
  /** Gives return `id` an exchange shipped to the customer's address. */
  const shipExchangeTo = (id: string, line1: string) =>
    db.query(`UPDATE returns SET exchange = $2 WHERE id = $1`, [
      id,
      { fulfillment: 'ship', advance: false, shippingAddress: { line1, city: 'London' } },
    ]);
  const exchangeOf = async (id: string) =>
    (await db.query('SELECT exchange FROM returns WHERE id = $1', [id]))[0].exchange;
  const notesOf = async (id: string) =>
    (await db.query('SELECT notes FROM return_lines WHERE return_id = $1', [id]))[0].notes;
  const completions = async (customerId: string) =>
    (await db.query(`SELECT payload FROM outbox WHERE type = $1 AND payload->>'subject' = $2`, [
      SUBJECTS.CUSTOMER_ERASURE_COMPLETED,
      customerId,
    ])) as Array<{ payload: Record<string, any> }>;
  const erase = (customerId: string, data: Record<string, unknown> = { customerId }) =>
    svc.app.get(EventPublisher).publish({
      type: SUBJECTS.CUSTOMER_ERASED,
      subject: customerId,
      data: { erasedAt: new Date().toISOString(), ...data },
    });

  it("clears the customer's inspection notes and exchange address only and announces completion once", async () => {
    const mine = await returnOf('cus-erase-r1', 'Ada Lovelace called, box damaged');
    const theirs = await returnOf('cus-keep-r1', 'Bob brought it in person');
    await shipExchangeTo(mine, '12 St James Square');
    await shipExchangeTo(theirs, '221B Baker Street');

    const { event } = await erase('cus-erase-r1');
    const [done] = await eventually(async () => {
      const rows = await completions('cus-erase-r1');
      return rows.length > 0 && rows;
    });
    expect(done.payload).toMatchObject({
      source: '/retail/returns',
      causationid: event.id,
      data: { customerId: 'cus-erase-r1', service: 'returns' },
    });
    expect(await notesOf(mine)).toBeNull();
    expect(await notesOf(theirs)).toBe('Bob brought it in person');
    // The exchange keeps how it is fulfilled, not where the person lives.
    expect(await exchangeOf(mine)).toEqual({ fulfillment: 'ship', advance: false });
    expect((await exchangeOf(theirs)).shippingAddress.line1).toBe('221B Baker Street');
    const kept = await svc.http().get(`/v1/returns/${mine}`).set('x-api-key', TEST_ADMIN_KEY);
    expect(kept.status).toBe(200);

    // The same event again (another message id) is skipped by the inbox: no second completion.
    await svc.app.get(EventPublisher).publishEvent(event, undefined, `${event.id}-again`);
    await erase('cus-erase-r2');
    await eventually(async () => (await completions('cus-erase-r2')).length === 1);
    expect(await completions('cus-erase-r1')).toHaveLength(1);
  });

  it('dead-letters an erasure event without a customer id and announces nothing', async () => {
    const kept = await returnOf('cus-keep-r3', 'kept note');
    await erase('cus-keep-r3', { customerId: undefined });
    await eventually(async () => {
      const res = await svc
        .http()
        .get('/v1/ops/dlq?stream=RETAIL_MASTERDATA')
        .set('x-api-key', TEST_ADMIN_KEY);
      return JSON.stringify(res.body).includes('returns--erase-customer');
    });
    expect(await notesOf(kept)).toBe('kept note');
    expect(await completions('cus-keep-r3')).toEqual([]);
  });
});
