import { LOCATION_CHANGED_SUBJECT, SUBJECTS } from '@retail/contracts';
import { MasterDataReadModel } from '@retail/masterdata-readmodel';
import { EventPublisher } from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { AvailabilityFlusher } from '../../src/availability/coalesce/availability-flusher';
import { RecordMovementsHandler } from '../../src/movements/record-movements/record-movements.handler';
import { admin, eventually, Inventory, movement, postMovements, startInventory } from './support';

const location = (id: string, parentId?: string) => ({
  locationId: id,
  location: {
    name: id,
    type: parentId ? 'store' : 'network',
    ...(parentId ? { parentId } : {}),
    capabilities: { ship: true, pickup: true, shipFromStore: true, returns: true },
    version: 1,
  },
  ancestorIds: [],
  changedAt: '2026-11-20T10:00:00Z',
});

describe('availability', () => {
  let svc: Inventory;
  const db = () => svc.app.get(DataSource);
  const availabilityEvents = async (sku: string) =>
    (await db().query(
      `SELECT payload FROM outbox WHERE type = $1 AND payload->>'subject' = $2 ORDER BY position`,
      [SUBJECTS.AVAILABILITY_CHANGED, sku],
    )) as Array<{ payload: { data: { channel: string; available: number; sequence: number } } }>;

  jest.setTimeout(30_000);

  beforeAll(async () => {
    // A long flush window: the test drives the flusher itself.
    svc = await startInventory({
      AVAILABILITY_FLUSH_MS: '60000',
      AVAILABILITY_CHANNELS: 'shopify,amazon',
    });
    const publisher = svc.app.get(EventPublisher);
    // network > eu > (dc-eu, store-eu-1), network > us > dc-us
    for (const [id, parent] of [
      ['network', undefined],
      ['eu', 'network'],
      ['us', 'network'],
      ['dc-eu', 'eu'],
      ['store-eu-1', 'eu'],
      ['dc-us', 'us'],
    ] as const) {
      await publisher.publish({
        type: LOCATION_CHANGED_SUBJECT,
        subject: id,
        data: location(id, parent),
      });
    }
    const readModel = svc.app.get(MasterDataReadModel);
    await eventually(
      () => readModel.subtreeOf('network'),
      (ids) => ids.length === 6,
    );
    await postMovements(svc, [
      movement('receipt', 1, 10, { sku: 'AV-1', locationId: 'dc-eu' }),
      movement('receipt', 1, 4, { sku: 'AV-1', locationId: 'store-eu-1' }),
      movement('receipt', 1, 7, { sku: 'AV-1', locationId: 'dc-us' }),
    ]).expect(200);
  });
  afterAll(() => svc?.close());

  it('answers per node of the hierarchy, and the whole network when no location is given', async () => {
    const get = (q: string) =>
      svc.http().get(`/v1/availability/AV-1?channel=shopify${q}`).set(admin).expect(200);
    expect((await get('')).body).toMatchObject({ sku: 'AV-1', channel: 'shopify', available: 21 });
    const eu = (await get('&locationId=eu')).body;
    expect(eu.available).toBe(14);
    expect(eu.byLocation).toEqual([
      { locationId: 'dc-eu', available: 10 },
      { locationId: 'store-eu-1', available: 4 },
    ]);
    expect((await get('&locationId=dc-us')).body.available).toBe(7);
    await svc.http().get('/v1/availability/AV-1').set(admin).expect(422);
    await svc
      .http()
      .get('/v1/availability/AV-1?channel=amazon')
      .set('x-api-key', 'shopify-key')
      .expect(403);
  });

  it('applies allocation rules per subtree: the nearest rule wins', async () => {
    await svc
      .http()
      .put('/v1/allocation-rules/amazon')
      .set(admin)
      .send({
        rules: [
          { sharePercent: 50 },
          { locationId: 'eu', safetyStock: 2 },
          { locationId: 'store-eu-1', includeDescendants: false, sharePercent: 0 },
        ],
      })
      .expect(200);
    const res = await svc.http().get('/v1/availability/AV-1?channel=amazon').set(admin).expect(200);
    expect(res.body.byLocation).toEqual([
      { locationId: 'dc-eu', available: 8 },
      { locationId: 'dc-us', available: 3 },
      { locationId: 'store-eu-1', available: 0 },
    ]);
    const stale = await svc
      .http()
      .put('/v1/allocation-rules/amazon')
      .set(admin)
      .send({ rules: [], version: 1 });
    expect(stale.status).toBe(409);
    const rules = await svc.http().get('/v1/allocation-rules/amazon').set(admin).expect(200);
    expect(rules.body.version).toBe(1);
  });

  it('serves POST /v1/availability:query (a literal colon on Fastify) for 1000 SKUs in one call', async () => {
    const skus = Array.from({ length: 1000 }, (_, i) => `BULK-${i}`);
    await postMovements(
      svc,
      skus.map((sku, i) => movement('receipt', 1, (i % 5) + 1, { sku, locationId: 'dc-eu' })),
    ).expect(200);
    const started = Date.now();
    const res = await svc
      .http()
      .post('/v1/availability:query')
      .set(admin)
      .send({ skus, channel: 'shopify' })
      .expect(200);
    const ms = Date.now() - started;
    expect(res.body.items).toHaveLength(1000);
    expect(res.body.items[7]).toEqual({
      sku: 'BULK-7',
      channel: 'shopify',
      available: 3,
      byLocation: [{ locationId: 'dc-eu', available: 3 }],
    });
    process.stdout.write(`[inventory] availability:query for 1000 SKUs: ${ms} ms\n`);
    const tooMany = await svc
      .http()
      .post('/v1/availability:query')
      .set(admin)
      .send({ skus: [...skus, 'X'], channel: 'shopify' });
    expect(tooMany.status).toBe(422);
  });

  it('coalesces a burst of movements into a bounded number of availability.changed events', async () => {
    const flusher = svc.app.get(AvailabilityFlusher);
    await flusher.flush();
    const before = (await availabilityEvents('BURST-1')).length;
    const burst = Array.from({ length: 100 }, (_, i) =>
      movement('receipt', i + 1, 1, { sku: 'BURST-1', locationId: 'dc-eu' }),
    );
    await Promise.all(burst.map((m) => postMovements(svc, m).expect(200)));
    await flusher.flush();
    const events = (await availabilityEvents('BURST-1')).slice(before);
    expect(events.map((e) => e.payload.data.channel).sort()).toEqual(['amazon', 'shopify']);
    const shopify = events.find((e) => e.payload.data.channel === 'shopify')!;
    expect(shopify.payload.data.available).toBe(100);
    await flusher.flush();
    expect((await availabilityEvents('BURST-1')).length).toBe(before + 2);
    await postMovements(
      svc,
      movement('sale', 200, 1, { sku: 'BURST-1', locationId: 'dc-eu' }),
    ).expect(200);
    await flusher.flush();
    const after = (await availabilityEvents('BURST-1')).filter(
      (e) => e.payload.data.channel === 'shopify',
    );
    expect(after.map((e) => e.payload.data.sequence)).toEqual([1, 2]);
    expect(after[1].payload.data.available).toBe(99);
  });

  it('publishes a change committed while the flusher ran on the SKU it had marked already', async () => {
    const flusher = svc.app.get(AvailabilityFlusher);
    const sku = 'RACE-1';
    await postMovements(svc, movement('receipt', 1, 5, { sku, locationId: 'dc-eu' })).expect(200);
    await flusher.flush();
    // Marked again and committed, not flushed yet.
    await postMovements(svc, movement('receipt', 2, 1, { sku, locationId: 'dc-eu' })).expect(200);
    // A third movement still in its transaction while the flusher runs.
    const runner = db().createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await svc.app
        .get(RecordMovementsHandler)
        .executeIn(runner.manager, [movement('receipt', 3, 10, { sku, locationId: 'dc-eu' })]);
      await flusher.flush();
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    await flusher.flush();
    const shopify = (await availabilityEvents(sku)).filter(
      (e) => e.payload.data.channel === 'shopify',
    );
    // The last figure published is the one committed last: 5 + 1 + 10.
    expect(shopify.at(-1)?.payload.data.available).toBe(16);
  });

  it('flushes on its own within the window when running with the default timer', async () => {
    const fast = await import('./support').then((m) =>
      m.startInventory({ AVAILABILITY_FLUSH_MS: '100' }),
    );
    try {
      await postMovements(
        fast,
        movement('receipt', 1, 3, { sku: 'AUTO-1', locationId: 'dc-x' }),
      ).expect(200);
      const rows = await eventually(
        () =>
          fast.app
            .get(DataSource)
            .query(`SELECT count(*)::int AS n FROM outbox WHERE type = $1`, [
              SUBJECTS.AVAILABILITY_CHANGED,
            ]),
        (r) => r[0].n > 0,
      );
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await fast.close();
    }
  });
});
