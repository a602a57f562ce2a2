import { DataSource } from 'typeorm';
import { admin, Inventory, movement, position, postMovements, startInventory } from './support';

type Answer = { status: number; body: Record<string, unknown>; replayed: boolean };

/**
 * Hot-SKU reservations over HTTP (ADR 0048): concurrent requests for one SKU are served by one
 * transaction per group, Idempotency-Keys included, on two replicas sharing one schema. Each
 * request gets its own answer once, a replay gets the first answer, and the row lock keeps the
 * SKU from being oversold whichever replica served whom.
 */
describe('grouped reservations on a hot SKU, two replicas', () => {
  let a: Inventory;
  let b: Inventory;

  jest.setTimeout(120_000);

  beforeAll(async () => {
    a = await startInventory();
    b = await startInventory({
      DB_SCHEMA: a.schema,
      NATS_NAMESPACE: a.namespace,
      KEEP_STATE: '1',
      IDEMPOTENCY_INFLIGHT_WAIT_MS: '300',
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const reserve = async (
    svc: Inventory,
    body: Record<string, unknown>,
    key?: string,
  ): Promise<Answer> => {
    const res = await svc
      .http()
      .post('/v1/reservations')
      .set({ ...admin, ...(key ? { 'Idempotency-Key': key } : {}) })
      .send(body);
    return {
      status: res.status,
      body: res.body,
      replayed: res.headers['idempotent-replayed'] === 'true',
    };
  };
  const units = (r: Answer) =>
    ((r.body.allocations as Array<{ quantity: number }>) ?? []).reduce((n, x) => n + x.quantity, 0);
  const line = (sku: string, i: number) => ({
    orderId: `hot-${sku}-${i}`,
    lineId: '1',
    sku,
    quantity: 1,
    channel: 'shopify',
  });

  it('never exceeds stock, answers every request once, and replays each key the same on either replica', async () => {
    await postMovements(a, movement('receipt', 1, 40, { sku: 'HOT-G', locationId: 'dc-1' })).expect(
      200,
    );
    const n = 120;
    // Every request of its own order line and key, split across the replicas; the first 30 are
    // also sent again at the same time to the other replica with the same key and body.
    const firsts = Array.from({ length: n }, (_, i) =>
      reserve(i % 2 ? a : b, line('HOT-G', i), `hot-g-${i}`),
    );
    const again = Array.from({ length: 30 }, (_, i) =>
      reserve(i % 2 ? b : a, line('HOT-G', i), `hot-g-${i}`),
    );
    const [answers, repeats] = await Promise.all([Promise.all(firsts), Promise.all(again)]);

    expect([...answers, ...repeats].map((r) => r.status)).toEqual(Array(n + 30).fill(201));
    const granted = answers.filter((r) => units(r) > 0);
    expect(granted).toHaveLength(40);
    expect(answers.filter((r) => r.body.status === 'backordered')).toHaveLength(n - 40);
    expect(new Set(answers.map((r) => r.body.reservationId)).size).toBe(n);
    repeats.forEach((r, i) => {
      expect(r.body).toEqual(answers[i].body);
      expect([r.replayed, answers[i].replayed].sort()).toEqual([false, true]);
    });
    const p = await position(b, 'HOT-G', 'dc-1');
    expect(p).toMatchObject({ onHand: 40, reserved: 40 });

    // Later replays, on either replica, answer the first answer again and reserve nothing more.
    const late = await Promise.all(
      [0, 1, 2, 3].map((i) => reserve(i % 2 ? b : a, line('HOT-G', i), `hot-g-${i}`)),
    );
    late.forEach((r, i) => {
      expect(r).toMatchObject({ status: 201, replayed: true });
      expect(r.body).toEqual(answers[i].body);
    });
    expect((await position(a, 'HOT-G', 'dc-1')).reserved).toBe(40);
    const [{ count }] = await a.app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS count FROM idempotency_keys WHERE key LIKE 'hot-g-%' AND state = 'completed'`,
      );
    expect(count).toBe(n);
  });

  it('answers the same key sent many times to one replica once, and replays it to the rest', async () => {
    await postMovements(a, movement('receipt', 1, 10, { sku: 'HOT-D', locationId: 'dc-1' })).expect(
      200,
    );
    // Another request first, so that the duplicates may share the next group: the first of them
    // claims the key there, the others wait for its answer and replay it.
    const [, ...dups] = await Promise.all([
      reserve(a, line('HOT-D', 0), 'hot-d-0'),
      ...Array.from({ length: 6 }, () => reserve(a, line('HOT-D', 1), 'hot-d-1')),
    ]);
    expect(dups.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(dups.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(dups.filter((r) => r.replayed)).toHaveLength(5);
    expect((await position(a, 'HOT-D', 'dc-1')).reserved).toBe(2);
  });

  it("one request's bad data fails that request alone, and leaves its key free", async () => {
    await postMovements(a, movement('receipt', 1, 10, { sku: 'HOT-E', locationId: 'dc-1' })).expect(
      200,
    );
    await reserve(a, { ...line('HOT-E', 0), quantity: 2 }, 'hot-e-0').then((r) =>
      expect(r.status).toBe(201),
    );
    const [conflict, reused, ...good] = await Promise.all([
      // The same order line with other goods: 409, whichever group it lands in.
      reserve(a, { ...line('HOT-E', 0), quantity: 3 }, 'hot-e-x'),
      // A key already used for another request: 422, nothing reserved for it.
      reserve(a, { ...line('HOT-E', 99) }, 'hot-e-0'),
      ...Array.from({ length: 6 }, (_, i) => reserve(i % 2 ? a : b, line('HOT-E', i + 1))),
    ]);
    expect(conflict.status).toBe(409);
    expect(conflict.body.type).toContain('reservation-conflict');
    expect(reused.status).toBe(422);
    expect(reused.body.type).toContain('idempotency-key-reused');
    expect(good.map((r) => [r.status, units(r)])).toEqual(Array(6).fill([201, 1]));
    expect((await position(a, 'HOT-E', 'dc-1')).reserved).toBe(8);
    const db = a.app.get(DataSource);
    expect(
      await db.query(`SELECT 1 FROM reservations WHERE order_id = $1`, ['hot-HOT-E-99']),
    ).toHaveLength(0);
    // The failed request left no trace of its key: it may be used again, now correctly.
    const retry = await reserve(b, { ...line('HOT-E', 0), quantity: 2 }, 'hot-e-x');
    expect(retry).toMatchObject({ status: 201, replayed: false });
  });

  it('answers 409 while a key is held by a request not yet answered, and replays once it is', async () => {
    await postMovements(a, movement('receipt', 1, 5, { sku: 'HOT-F', locationId: 'dc-1' })).expect(
      200,
    );
    const db = a.app.get(DataSource);
    const body = line('HOT-F', 0);
    const first = await reserve(a, body, 'hot-f-0');
    // As if another replica's first request still ran (the platform interceptor's in-flight row).
    await db.query(
      `INSERT INTO idempotency_keys (principal, key, fingerprint, state, locked_until)
       SELECT principal, 'hot-f-1', fingerprint, 'in_flight', now() + interval '1 hour'
         FROM idempotency_keys WHERE key = 'hot-f-0'`,
    );
    const held = await reserve(b, body, 'hot-f-1');
    expect(held.status).toBe(409);
    expect(held.body.type).toContain('idempotency-key-in-flight');
    await db.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = 201, response_body = $1::json
        WHERE key = 'hot-f-1'`,
      [JSON.stringify(first.body)],
    );
    const replay = await reserve(b, body, 'hot-f-1');
    expect(replay).toMatchObject({ status: 201, replayed: true, body: first.body });
    expect((await position(a, 'HOT-F', 'dc-1')).reserved).toBe(1);
  });

  it('serves the entries of one batch call by one transaction, whatever their SKUs', async () => {
    for (const sku of ['HOT-H', 'HOT-I'])
      await postMovements(a, movement('receipt', 1, 50, { sku, locationId: 'dc-1' })).expect(200);
    const groups = async () => {
      const text = (await a.http().get('/metrics').expect(200)).text;
      const value = (name: string) =>
        Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
      return {
        count: value('retail_reservation_group_size_count'),
        sum: value('retail_reservation_group_size_sum'),
      };
    };
    const before = await groups();
    // Ten entries of two SKUs in one call: one transaction locks both SKUs and takes every hold
    // (requests of one SKU from many calls are grouped by its lane: keyed-batcher.spec).
    const res = await a
      .http()
      .post('/v1/reservations:batch')
      .set(admin)
      .send({
        reservations: Array.from({ length: 10 }, (_, i) => line(i % 3 ? 'HOT-H' : 'HOT-I', i)),
      })
      .expect(200);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual(Array(10).fill(201));
    const after = await groups();
    expect(after.count - before.count).toBe(1);
    expect(after.sum - before.sum).toBe(10);
  });
});
