import { DLQ_STREAM, DOMAIN_STREAMS, SUBJECTS } from '@retail/contracts';
import {
  EventPublisher,
  NatsClient,
  readStream,
  streamName,
  subjectFor,
} from '@retail/platform-messaging';
import { eventually } from '@retail/platform-testing';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

jest.setTimeout(60_000);

const address = {
  name: 'Ada Lovelace',
  line1: 'Main St 1',
  city: 'Berlin',
  postalCode: '10115',
  region: 'BE',
  countryCode: 'DE',
  phone: '+49 30 1234567',
};

describe('customer erasure (retail.masterdata.v1.customer.erased)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startOrderIngestion();
    h.catalog.publish('SKU-1');
  });
  afterAll(() => h?.svc.close());

  const orderOf = (customerId: string, email: string) =>
    canonicalOrder({
      customer: {
        customerId,
        channelCustomerId: `shop-${customerId}`,
        email,
        phone: '+49 30 7654321',
        name: 'Ada Lovelace',
      },
      shippingAddress: address,
      billingAddress: { ...address, email },
    });
  const stored = async (orderId: string) => {
    const [row] = await h.db.query(
      `SELECT o."order" AS order, p.payload FROM orders o
         JOIN order_payloads p ON p.order_id = o.id WHERE o.id = $1`,
      [orderId],
    );
    return row as { order: Record<string, any>; payload: string };
  };
  const completions = async (customerId: string) => {
    const rows: Array<{ payload: Record<string, any>; published: boolean }> = await h.db.query(
      `SELECT payload, published_at IS NOT NULL AS published FROM outbox
         WHERE type = $1 AND payload->>'subject' = $2 ORDER BY position`,
      [SUBJECTS.CUSTOMER_ERASURE_COMPLETED, customerId],
    );
    return rows;
  };
  const erase = (customerId: string, data: Record<string, unknown> = { customerId }) =>
    h.svc.app.get(EventPublisher).publish({
      type: SUBJECTS.CUSTOMER_ERASED,
      subject: customerId,
      data: { erasedAt: new Date().toISOString(), ...data },
    });

  it('removes name, e-mail, phone and addresses from the orders and payloads of that customer only', async () => {
    const mine = await h.post('/v1/orders', orderOf('cust-erase-1', 'ada@example.com')).expect(202);
    const other = await h.post('/v1/orders', orderOf('cust-keep-1', 'bob@example.com')).expect(202);
    await h.waitForStatus(mine.body.orderId, 'erp_confirmed');
    await h.waitForStatus(other.body.orderId, 'erp_confirmed');

    await erase('cust-erase-1');

    const erased = await eventually(async () => {
      const row = await stored(mine.body.orderId);
      return row.order.customer.email === undefined && row;
    });
    expect(erased.order.customer).toEqual({ customerId: 'cust-erase-1' });
    expect(erased.order.shippingAddress).toEqual({ region: 'BE', countryCode: 'DE' });
    expect(erased.order.billingAddress).toEqual({ region: 'BE', countryCode: 'DE' });
    expect(erased.order.lines).toHaveLength(1);
    expect(erased.payload).not.toContain('ada@example.com');
    expect(JSON.stringify(erased)).not.toMatch(/Lovelace|Main St|7654321|1234567/);
    const kept = await stored(other.body.orderId);
    expect(kept.order.customer.email).toBe('bob@example.com');
    expect(kept.payload).toContain('bob@example.com');
    // The order is still served, without the personal fields.
    const served = await h.get(`/v1/orders/${mine.body.orderId}`).expect(200);
    expect(JSON.stringify(served.body)).not.toContain('ada@example.com');
  });

  /** The bodies of every message `stream` holds (dead letters with their original decoded). */
  const messages = async (stream: string): Promise<string[]> => {
    const nats = h.svc.app.get(NatsClient);
    const bodies: string[] = [];
    for await (const msg of readStream(nats, streamName(stream, nats.namespace), {
      limit: Infinity,
    })) {
      const text = Buffer.from(msg.data).toString();
      const letter = JSON.parse(text) as { payload?: string };
      bodies.push(letter.payload ? Buffer.from(letter.payload, 'base64').toString() : text);
    }
    return bodies;
  };

  it('deletes the order.accepted messages and outbox copies of that customer only, then confirms', async () => {
    const mine = await h.post('/v1/orders', orderOf('cust-erase-5', 'eve@example.com')).expect(202);
    const other = await h.post('/v1/orders', orderOf('cust-keep-5', 'fay@example.com')).expect(202);
    await h.waitForStatus(mine.body.orderId, 'erp_confirmed');
    await h.waitForStatus(other.body.orderId, 'erp_confirmed');
    const held = (texts: string[], needle: string) => texts.filter((t) => t.includes(needle));
    const orders = DOMAIN_STREAMS.orders.name;
    const [accepted] = held(await messages(orders), 'eve@example.com');
    expect(accepted).toBeDefined();
    // A consumer failed it: its dead letter copies the message (base64) into RETAIL_DLQ.
    const nats = h.svc.app.get(NatsClient);
    await nats.js.publish(
      subjectFor(`retail.dlq.${orders}.test--erasure`, nats.namespace),
      JSON.stringify({
        subject: SUBJECTS.ORDER_ACCEPTED,
        payload: Buffer.from(accepted).toString('base64'),
        headers: {},
      }),
    );
    expect(held(await messages(DLQ_STREAM.name), 'eve@example.com')).toHaveLength(1);

    await erase('cust-erase-5');
    await eventually(async () => (await completions('cust-erase-5')).length === 1);

    expect(held(await messages(orders), 'eve@example.com')).toEqual([]);
    expect(held(await messages(DLQ_STREAM.name), 'eve@example.com')).toEqual([]);
    expect(held(await messages(orders), 'fay@example.com')).toHaveLength(1);
    const outbox: Array<{ payload: string }> = await h.db.query(
      `SELECT payload::text AS payload FROM outbox WHERE type = $1 AND payload->>'subject' = ANY($2)`,
      [SUBJECTS.ORDER_ACCEPTED, [mine.body.orderId, other.body.orderId]],
    );
    expect(outbox).toHaveLength(2);
    expect(
      held(
        outbox.map((r) => r.payload),
        'eve@example.com',
      ),
    ).toEqual([]);
    expect(
      held(
        outbox.map((r) => r.payload),
        'fay@example.com',
      ),
    ).toHaveLength(1);
  });

  it('announces its completion once, with the count of erased orders, relayed to JetStream', async () => {
    const first = await h.post('/v1/orders', orderOf('cust-erase-3', 'di@example.com')).expect(202);
    const second = await h
      .post('/v1/orders', orderOf('cust-erase-3', 'di@example.com'))
      .expect(202);
    await h.waitForStatus(first.body.orderId, 'erp_confirmed');
    await h.waitForStatus(second.body.orderId, 'erp_confirmed');

    const { event: erased } = await erase('cust-erase-3');
    const [done] = await eventually(async () => {
      const rows = await completions('cust-erase-3');
      return rows.length > 0 && rows[0].published && rows;
    });
    expect(done.payload).toMatchObject({
      type: SUBJECTS.CUSTOMER_ERASURE_COMPLETED,
      source: '/retail/order-ingestion',
      subject: 'cust-erase-3',
      causationid: erased.id,
      data: { customerId: 'cust-erase-3', service: 'order-ingestion', ordersErased: 2 },
    });
    expect(Date.parse(done.payload.data.erasedAt)).not.toBeNaN();

    // The same erasure again (past JetStream's de-duplication: another message id, same event
    // id) is skipped by the inbox. The consumer is sequential, so once a later erasure is
    // announced the repeat has been handled.
    await h.svc.app.get(EventPublisher).publishEvent(erased, undefined, `${erased.id}-again`);
    await erase('cust-erase-4');
    await eventually(async () => (await completions('cust-erase-4')).length === 1);
    expect(await completions('cust-erase-3')).toHaveLength(1);
  });

  it('announces completion with zero orders for a customer it holds no orders of', async () => {
    await erase('cust-erase-none');
    const [done] = await eventually(async () => {
      const rows = await completions('cust-erase-none');
      return rows.length > 0 && rows;
    });
    expect(done.payload.data).toMatchObject({ service: 'order-ingestion', ordersErased: 0 });
  });

  it('dead-letters an erasure event without a customer id and erases nothing', async () => {
    const order = await h.post('/v1/orders', orderOf('cust-keep-2', 'cy@example.com')).expect(202);
    await h.waitForStatus(order.body.orderId, 'erp_confirmed');
    const dlq = async () =>
      JSON.stringify((await h.get('/v1/ops/dlq?stream=RETAIL_MASTERDATA').expect(200)).body);

    await erase('cust-keep-2', { customerId: undefined });

    const dead = await eventually(async () => {
      const text = await dlq();
      return text.includes('order-ingestion--erase-customer') && text;
    });
    expect(dead).toContain('customerId');
    expect((await stored(order.body.orderId)).order.customer.email).toBe('cy@example.com');
    expect(await completions('cust-keep-2')).toEqual([]);
  });
});
