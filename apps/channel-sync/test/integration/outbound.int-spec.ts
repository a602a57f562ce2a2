import { DOMAIN_STREAMS, SUBJECTS } from '@retail/contracts';
import { DlqService, EventPublisher, NatsClient, OutboxService } from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import {
  OutboundAvailabilityStore,
  type VersionedTarget,
} from '../../src/outbound/persistence/outbound-availability.store';
import { ReconcileScheduler } from '../../src/reconcile/reconcile.scheduler';
import {
  admin,
  type ChannelSyncService,
  FakeHttp,
  type Recorded,
  startOnFake,
  eventually,
} from './support';

interface Product {
  id: number;
  sku: string;
  quantity: number;
  quantity_shipped: number;
  order_address_id: number;
}

/**
 * A fake BigCommerce store: absolute inventory adjustments (refusing SKU `BAD-1` with a v3 422
 * while `refuseBad`, answering 503 with Retry-After while `down`), order products and shipments
 * that update the shipped quantities as the real store does.
 */
class FakeBigCommerce {
  down = false;
  /** order-ingestion's order list answers 503 (the orders part of a reconcile fails). */
  ordersDown = false;
  refuseBad = true;
  shown = new Map<string, number>();
  cancelled = new Set<string>();
  products: Product[] = [
    { id: 11, sku: 'SHIP-A', quantity: 2, quantity_shipped: 0, order_address_id: 7 },
    { id: 12, sku: 'SHIP-B', quantity: 1, quantity_shipped: 0, order_address_id: 7 },
  ];

  route = (req: Recorded) => {
    if (req.url.endsWith('/v3/inventory/adjustments/absolute')) {
      if (this.down) return { status: 503, headers: { 'retry-after': '1' }, body: {} };
      const items = req.body.items as Array<{ sku: string; quantity: number }>;
      if (this.refuseBad && items.some((i) => i.sku === 'BAD-1'))
        return { status: 422, body: { status: 422, title: 'SKU BAD-1 not found' } };
      for (const i of items) this.shown.set(i.sku, i.quantity);
      return { body: { transaction_id: 'tx' } };
    }
    if (req.url.includes('/v3/inventory/items?')) {
      const skus = new URL(req.url, 'http://x').searchParams.get('sku:in')!.split(',');
      const data = skus
        .filter((sku) => this.shown.has(sku))
        .map((sku) => ({
          identity: { sku },
          locations: [{ location_id: 1, available_to_sell: this.shown.get(sku) }],
        }));
      return { body: { data } };
    }
    const order = /\/v2\/orders\/(90[12])$/.exec(req.url);
    if (order && req.method === 'GET')
      return {
        body: {
          id: Number(order[1]),
          status_id: this.cancelled.has(order[1]) ? 5 : 11,
          date_modified: new Date().toUTCString(),
        },
      };
    if (order && req.method === 'PUT') {
      this.cancelled.add(order[1]);
      return { body: { id: Number(order[1]), status_id: 5 } };
    }
    // order-ingestion's order list (reconciliation's side of the orders): none.
    if (req.url.startsWith('/v1/orders'))
      return this.ordersDown ? { status: 503, body: {} } : { body: { items: [] } };
    const products = /\/v2\/orders\/900\/products/.exec(req.url);
    if (products) return { body: req.url.includes('page=1') ? this.products : [] };
    if (req.method === 'POST' && req.url.endsWith('/v2/orders/900/shipments')) {
      for (const item of req.body.items) {
        const p = this.products.find((x) => x.id === item.order_product_id)!;
        if (p.quantity_shipped + item.quantity > p.quantity)
          return { status: 400, body: [{ status: 400, message: 'too many' }] };
        p.quantity_shipped += item.quantity;
      }
      return { status: 201, body: { id: 1 } };
    }
    return { status: 404, body: [] };
  };

  writes(path: RegExp, requests: Recorded[]) {
    return requests.filter((r) => r.method !== 'GET' && path.test(r.url));
  }
}

describe('channel-sync: outbound queue (BigCommerce account, real PostgreSQL and NATS)', () => {
  const store = new FakeBigCommerce();
  const http = new FakeHttp(store.route);
  let svc: ChannelSyncService;
  let db: DataSource;
  let seq = 0;

  const publish = async (type: string, subject: string, data: object) => {
    const outbox = svc.app.get(OutboxService);
    await db.transaction((m) => outbox.enqueue(m, { type: type as never, subject, data }));
  };
  const availability = (sku: string, available: number, sequence: number) =>
    publish(SUBJECTS.AVAILABILITY_CHANGED, sku, {
      sku,
      channel: 'bigcommerce',
      available,
      byLocation: [{ locationId: 'dc-1', available }],
      sequence,
      changedAt: new Date().toISOString(),
    });
  const versionOf = async (sku: string): Promise<number> => {
    const rows = await db.query(
      `SELECT version FROM outbound_availability WHERE account = 'bigcommerce' AND channel_sku = $1`,
      [sku],
    );
    return rows[0] ? Number(rows[0].version) : 0;
  };
  /** The availability consumer has nothing left to handle and the outbox nothing to publish. */
  const settled = async (): Promise<boolean> => {
    const nats = svc.app.get(NatsClient);
    const info = await nats.jsm.consumers.info(
      nats.streamName(DOMAIN_STREAMS.inventory.name),
      'channel-sync--availability',
    );
    const [{ n }] = await db.query(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    return n === 0 && info.num_pending === 0 && info.num_ack_pending === 0;
  };
  const outbound = async () => {
    const res = await svc.http().get('/v1/channels').set(admin);
    return res.body.items[0].outbound;
  };

  beforeAll(async () => {
    svc = await startOnFake(http, (url) => ({
      CHANNEL_ACCOUNTS: 'bigcommerce',
      BIGCOMMERCE_API_BASE_URL: url,
      BIGCOMMERCE_STORE_HASH: 'store1',
      BIGCOMMERCE_ACCESS_TOKEN: 'token',
    }));
    db = svc.app.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await svc?.close();
    await http.stop();
  });

  it('pushes only the last of a burst of availability changes once the channel is back', async () => {
    store.down = true;
    for (let i = 1; i <= 30; i++) await availability('BURST-1', 100 - i, ++seq);
    const last = seq;
    await eventually(async () => (await versionOf('BURST-1')) === last);
    // The push will carry every change since the first of the burst: latency counts from it.
    const [since] = await db.query(
      `SELECT pending_since < changed_at AS older FROM outbound_availability
        WHERE account = 'bigcommerce' AND channel_sku = 'BURST-1'`,
    );
    expect(since.older).toBe(true);
    // While the channel answers 503 the row is pending, counted in GET /v1/channels.
    expect((await outbound()).availability.depth).toBe(1);
    const before = http.requests.length;

    store.down = false;
    await eventually(async () => store.shown.get('BURST-1') === 70, 60_000);
    const accepted = http.requests
      .slice(before)
      .filter((r) => r.method === 'PUT' && r.body.items.some((i: any) => i.sku === 'BURST-1'));
    // Every push after the outage carried the latest figure: the burst became one push.
    expect(accepted.map((r) => r.body.items[0].quantity)).toEqual([70]);
    expect(accepted[0].body.items[0]).toEqual({ location_id: 1, sku: 'BURST-1', quantity: 70 });
    await eventually(async () => (await outbound()).availability.depth === 0);
  });

  it('keeps a burst coalesced into one batch pending since its first change', async () => {
    const store = svc.app.get(OutboundAvailabilityStore);
    const target = { account: 'bigcommerce', channelSku: 'COALESCED-1', location: 'dc-1' };
    const figure = (version: number, changedAt: string): VersionedTarget => ({
      ...target,
      sku: 'COALESCED-1',
      quantity: version,
      version,
      changedAt,
    });
    // Rolled back: the other tests count the table's rows.
    const qr = db.createQueryRunner();
    await qr.startTransaction();
    let since: unknown;
    try {
      await store.upsertLatest(qr.manager, [
        figure(2, '2026-12-07T10:00:02.000Z'),
        figure(3, '2026-12-07T10:00:03.000Z'),
        figure(1, '2026-12-07T10:00:01.000Z'),
      ]);
      since = await qr.query(
        `SELECT version::int, changed_at, pending_since FROM outbound_availability
          WHERE account = 'bigcommerce' AND channel_sku = 'COALESCED-1'`,
      );
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
    expect(since).toEqual([
      {
        version: 3,
        changed_at: new Date('2026-12-07T10:00:03.000Z'),
        pending_since: new Date('2026-12-07T10:00:01.000Z'),
      },
    ]);
  });

  it('ignores an older or repeated figure (latest value wins)', async () => {
    await availability('ORDERED-1', 5, 10);
    await eventually(async () => store.shown.get('ORDERED-1') === 5);
    await availability('ORDERED-1', 9, 9);
    await availability('ORDERED-1', 5, 10);
    await availability('ORDERED-1', 6, 11);
    await eventually(async () => store.shown.get('ORDERED-1') === 6);
    const pushed = http.requests
      .filter((r) => r.method === 'PUT' && r.body.items.some((i: any) => i.sku === 'ORDERED-1'))
      .map((r) => r.body.items.find((i: any) => i.sku === 'ORDERED-1').quantity);
    expect(pushed).toEqual([5, 6]);
  });

  it('takes many events in one batch: an invalid one is dead-lettered alone, older ones change nothing', async () => {
    const fact = (sku: string, available: number, sequence: number) => ({
      type: SUBJECTS.AVAILABILITY_CHANGED,
      subject: sku,
      data: {
        sku,
        channel: 'bigcommerce',
        available,
        byLocation: [],
        sequence,
        changedAt: new Date().toISOString(),
      },
    });
    const outbox = svc.app.get(OutboxService);
    const batch = [
      fact('BATCH-1', 7, 50),
      fact('BATCH-2', 8, 50),
      { ...fact('BATCH-BAD', 1, 50), data: { sku: 'BATCH-BAD', channel: 'bigcommerce' } },
      fact('BATCH-1', 3, 49),
      fact('BATCH-2', 8, 50),
      fact('BATCH-3', 9, 50),
    ];
    await db.transaction((m) => outbox.enqueue(m, batch));
    await svc.app
      .get(EventPublisher)
      .publishRaw(SUBJECTS.AVAILABILITY_CHANGED, 'not json', 'batch-poison');
    await eventually(
      async () =>
        store.shown.get('BATCH-1') === 7 &&
        store.shown.get('BATCH-2') === 8 &&
        store.shown.get('BATCH-3') === 9,
    );
    const ours = async () =>
      (
        await svc.app.get(DlqService).list({ stream: DOMAIN_STREAMS.inventory.name, limit: 50 })
      ).filter((d) => d.consumer === 'channel-sync--availability');
    const dead = await eventually(async () => ((await ours()).length === 2 ? ours() : undefined));
    expect(dead.map((d) => d.event?.subject ?? null).sort()).toEqual(['BATCH-BAD', null]);

    // Redelivered and older figures, once the consumer settled, changed no row.
    await db.transaction((m) =>
      outbox.enqueue(m, [fact('BATCH-1', 1, 50), fact('BATCH-3', 2, 10)]),
    );
    await eventually(async () => (await settled()) || undefined);
    expect(await versionOf('BATCH-1')).toBe(50);
    expect(await versionOf('BATCH-3')).toBe(50);
    const rows = await db.query(
      `SELECT channel_sku, quantity FROM outbound_availability
        WHERE account = 'bigcommerce' AND channel_sku LIKE 'BATCH-%' ORDER BY channel_sku`,
    );
    expect(rows).toEqual([
      { channel_sku: 'BATCH-1', quantity: 7 },
      { channel_sku: 'BATCH-2', quantity: 8 },
      { channel_sku: 'BATCH-3', quantity: 9 },
    ]);
  });

  it("dead-letters a refused figure with the channel's answer, keeps the others, replays it", async () => {
    store.refuseBad = true;
    await availability('BAD-1', 3, ++seq);
    await availability('GOOD-1', 4, ++seq);
    await eventually(async () => store.shown.get('GOOD-1') === 4);
    const dead = await eventually(async () => {
      const res = await svc.http().get('/v1/channels/bigcommerce/outbound/dead-letters').set(admin);
      return res.body.availability.length > 0 ? res.body : undefined;
    });
    expect(dead.availability).toEqual([
      expect.objectContaining({
        channelSku: 'BAD-1',
        quantity: 3,
        answer: expect.stringContaining('SKU BAD-1 not found'),
      }),
    ]);
    expect((await outbound()).availability.deadLettered).toBe(1);

    store.refuseBad = false;
    const replay = await svc
      .http()
      .post('/v1/channels/bigcommerce/outbound/dead-letters/replay')
      .set(admin)
      .send({ channelSkus: ['BAD-1'] });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ channel: 'bigcommerce', pushes: 0, availability: 1 });
    await eventually(async () => store.shown.get('BAD-1') === 3);
  });

  it('reconcile lists availability the channel shows differently and re-pushes it', async () => {
    await eventually(async () => (await outbound()).availability.depth === 0);
    store.shown.set('GOOD-1', 99);
    const window = {
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date().toISOString(),
    };
    const reconcile = (dryRun: boolean) =>
      svc
        .http()
        .post('/v1/channels/bigcommerce/reconcile')
        .set(admin)
        .send({ ...window, dryRun });

    const dry = await reconcile(true);
    expect(dry.status).toBe(200);
    expect(dry.body.availability.drift).toEqual([
      { channelSku: 'GOOD-1', location: '1', ours: 4, channel: 99 },
    ]);
    expect(dry.body.availability.repushed).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(store.shown.get('GOOD-1')).toBe(99);

    const real = await reconcile(false);
    expect(real.status).toBe(200);
    expect(real.body.availability).toMatchObject({ repushed: 1 });
    await eventually(async () => store.shown.get('GOOD-1') === 4);
    const again = await reconcile(true);
    expect(again.body.availability.drift).toEqual([]);
  });

  it('the scheduled reconcile checks availability drift, also when the orders part fails', async () => {
    await eventually(async () => (await outbound()).availability.depth === 0);
    const drifted = async () => {
      const text = (await svc.http().get('/metrics').expect(200)).text;
      const m = /retail_channel_availability_drift_total\{channel="bigcommerce"\} (\d+)/.exec(text);
      return m ? Number(m[1]) : 0;
    };
    const scheduler = svc.app.get(ReconcileScheduler);

    store.shown.set('GOOD-1', 98);
    const before = await drifted();
    await scheduler.runOnce();
    await eventually(async () => store.shown.get('GOOD-1') === 4);
    expect(await drifted()).toBe(before + 1);

    // order-ingestion unavailable: the orders comparison fails, the drift is still found and fixed.
    store.ordersDown = true;
    try {
      store.shown.set('GOOD-1', 97);
      await scheduler.runOnce();
      await eventually(async () => store.shown.get('GOOD-1') === 4);
      expect(await drifted()).toBe(before + 2);
    } finally {
      store.ordersDown = false;
    }
    // Nothing drifts any more: a further round counts nothing.
    await scheduler.runOnce();
    expect(await drifted()).toBe(before + 2);
  });

  it('refuses a malformed replay body with problem+json', async () => {
    const res = await svc
      .http()
      .post('/v1/channels/bigcommerce/outbound/dead-letters/replay')
      .set(admin)
      .send({ keys: 'shipment:1' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('ships the open units once with tracking, also when the event is delivered twice', async () => {
    const shipped = {
      orderId: 'ord-900',
      channel: 'bigcommerce',
      channelOrderId: '900',
      fulfillmentEventId: 'fe-900-1',
      type: 'shipped',
      locationId: 'dc-1',
      carrier: 'UPS',
      trackingNumber: '1Z-900',
      lines: [
        { lineId: 'l1', sku: 'SHIP-A', quantity: 2 },
        { lineId: 'l2', sku: 'SHIP-B', quantity: 1 },
      ],
      occurredAt: new Date().toISOString(),
    };
    await publish(SUBJECTS.ORDER_SHIPPED, 'ord-900', shipped);
    const shipments = () => store.writes(/\/v2\/orders\/900\/shipments$/, http.requests);
    await eventually(async () => shipments().length === 1);
    expect(shipments()[0].body).toMatchObject({
      order_address_id: 7,
      items: [
        { order_product_id: 11, quantity: 2 },
        { order_product_id: 12, quantity: 1 },
      ],
      tracking_number: '1Z-900',
      tracking_carrier: 'UPS',
    });

    // The same shipment again (a redelivered or re-sent event): the store has nothing open
    // for it, so nothing is written twice and the job completes.
    await publish(SUBJECTS.ORDER_SHIPPED, 'ord-900', shipped);
    await eventually(async () => (await outbound()).shipment.depth === 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(shipments()).toHaveLength(1);
  });

  it('cancels an order cancelled here once, and does not echo one cancelled in the channel', async () => {
    // Order 902 was forwarded to us already cancelled in the channel (inbound, part 1).
    await db.query(
      `INSERT INTO forwarded_orders (account, channel_order_id, channel_updated_at, cancelled, order_id, source)
       VALUES ('bigcommerce', '902', now(), true, 'ord-902', 'pull')`,
    );
    const cancelled = (orderId: string, channelOrderId: string) =>
      publish(SUBJECTS.ORDER_CANCELLED, orderId, {
        orderId,
        channel: 'bigcommerce',
        channelOrderId,
        lines: [{ lineId: 'l1', sku: 'SHIP-A', quantity: 1 }],
        cancelledAt: new Date().toISOString(),
      });
    await cancelled('ord-902', '902');
    await cancelled('ord-901', '901');
    await cancelled('ord-901', '901');
    const puts = () =>
      http.requests.filter((r) => r.method === 'PUT' && /\/v2\/orders\/90[12]$/.test(r.url));
    await eventually(async () => puts().length === 1);
    await eventually(async () => (await outbound()).cancellation.depth === 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(puts().map((r) => [r.url.split('/').pop(), r.body])).toEqual([
      ['901', { status_id: 5 }],
    ]);
  });
});
