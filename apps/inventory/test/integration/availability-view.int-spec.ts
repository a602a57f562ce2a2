import { Client } from 'pg';
import { testDatabaseUrl } from '@retail/platform-testing';
import { DataSource } from 'typeorm';
import { AvailabilityView } from '../../src/availability/view/availability-view';
import {
  admin,
  eventually,
  Inventory,
  ledgerSums,
  movement,
  position,
  postMovements,
  startInventory,
  putAllocationRules,
} from './support';

/**
 * The in-memory availability view (ADR 0033) and the movements' group commit: reads answered
 * without the database, changes of any writer (another replica, plain SQL) reach the view
 * through the triggers' NOTIFY, a replica that starts rebuilds it, and concurrent movement
 * requests combined into one transaction keep every request's own answer.
 */
describe('availability view and grouped movements', () => {
  let a: Inventory;
  let b: Inventory;
  const available = async (svc: Inventory, sku: string) =>
    (await svc.http().get(`/v1/availability/${sku}?channel=shopify`).set(admin).expect(200)).body
      .available as number;

  jest.setTimeout(60_000);

  beforeAll(async () => {
    a = await startInventory();
    await postMovements(a, [
      movement('receipt', 1, 10, { sku: 'VW-1', locationId: 'dc-1' }),
      movement('receipt', 1, 5, { sku: 'VW-1', locationId: 'dc-2' }),
    ]).expect(200);
    // A second replica on the same schema, started after the stock exists: it rebuilds.
    b = await startInventory({
      DB_SCHEMA: a.schema,
      NATS_NAMESPACE: a.namespace,
      KEEP_STATE: '1',
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a replica that starts rebuilds the view from the database', async () => {
    await eventually(
      () => b.app.get(AvailabilityView).ready,
      (ready) => ready,
    );
    expect(await available(b, 'VW-1')).toBe(15);
  });

  it('reads its own writes at once, and another replica sees them through the NOTIFY feed', async () => {
    await postMovements(a, [movement('sale', 2, 3, { sku: 'VW-1', locationId: 'dc-1' })]).expect(
      200,
    );
    expect(await available(a, 'VW-1')).toBe(12);
    await eventually(
      () => available(b, 'VW-1'),
      (n) => n === 12,
    );
  });

  it('follows a change made by plain SQL (no process handed it over)', async () => {
    await a.app
      .get(DataSource)
      .query(`UPDATE positions SET on_hand = 40 WHERE sku = 'VW-1' AND location_id = 'dc-2'`);
    await eventually(
      () => available(a, 'VW-1'),
      (n) => n === 47,
    );
    await eventually(
      () => available(b, 'VW-1'),
      (n) => n === 47,
    );
  });

  it('answers from memory: reads succeed while the positions table is locked exclusively', async () => {
    const locker = new Client({ connectionString: testDatabaseUrl() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`SET LOCAL lock_timeout = '10s'`);
      await locker.query(`LOCK TABLE "${a.schema}".positions IN ACCESS EXCLUSIVE MODE`);
      // A read that went to the database would wait for the lock (10 s, past jest's patience
      // for this request); the view answers.
      const res = await a
        .http()
        .post('/v1/availability:query')
        .set(admin)
        .send({ skus: ['VW-1', 'VW-unknown'], channel: 'shopify' })
        .timeout(3000)
        .expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ sku: 'VW-1', available: 47 }),
        { sku: 'VW-unknown', channel: 'shopify', available: 0, byLocation: [] },
      ]);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('uses new allocation rules from the answer of the PUT on', async () => {
    await putAllocationRules(a, 'shopify', [{ locationId: 'dc-2', safetyStock: 10 }]);
    expect(await available(a, 'VW-1')).toBe(37);
    await eventually(
      () => available(b, 'VW-1'),
      (n) => n === 37,
    );
  });

  it('reflects a release at once on the replica that made it', async () => {
    const created = await a
      .http()
      .post('/v1/reservations')
      .set(admin)
      .send({ orderId: 'VW-O1', lineId: '1', sku: 'VW-1', quantity: 4, channel: 'shopify' })
      .expect(201);
    expect(await available(a, 'VW-1')).toBe(33);
    await a
      .http()
      .post(`/v1/reservations/${created.body.reservationId}/release`)
      .set(admin)
      .send({})
      .expect(200);
    expect(await available(a, 'VW-1')).toBe(37);
  });

  it('concurrent movement requests are applied together, each answered as if alone', async () => {
    const skus = ['GC-1', 'GC-2', 'GC-3'];
    const shared = movement('receipt', 1, 2, { sku: 'GC-1', source: 'gc-src' });
    const requests = Array.from({ length: 12 }, (_, r) => [
      ...skus.map((sku, k) =>
        movement('receipt', 10 + r * 3 + k, 1 + r, { sku, source: `gc-${r % 3}` }),
      ),
      // The same movement in every request: applied once, a duplicate everywhere else.
      shared,
    ]);
    const answers = await Promise.all(requests.map((body) => postMovements(a, body).expect(200)));
    const statuses = answers.map((res) =>
      res.body.results.map((x: { status: string }) => x.status),
    );
    for (const [r, s] of statuses.entries()) {
      expect(s.slice(0, 3)).toEqual(['applied', 'applied', 'applied']);
      expect(answers[r].body.results.map((x: { eventId: string }) => x.eventId)).toEqual(
        requests[r].map((m) => m.eventId),
      );
    }
    expect(statuses.filter((s) => s[3] === 'applied')).toHaveLength(1);
    const units = requests.reduce((sum, _, r) => sum + 1 + r, 0);
    expect((await position(a, 'GC-2', 'dc-1')).onHand).toBe(units);
    expect((await position(a, 'GC-1', 'dc-1')).onHand).toBe(units + 2);
    for (const sku of skus)
      expect((await ledgerSums(a, sku, 'dc-1')).onHand).toBe(
        (await position(a, sku, 'dc-1')).onHand,
      );
    expect(await available(a, 'GC-1')).toBe(units + 2);
  });
});
