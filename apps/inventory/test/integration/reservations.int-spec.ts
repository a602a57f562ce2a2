import {
  AVAILABILITY_QUERY_CONTRACT,
  INVENTORY_MOVEMENT_CONTRACT,
  RESERVATION_REQUEST_CONTRACT,
  SUBJECTS,
} from '@retail/contracts';
import { EventPublisher } from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { ReservationExpirySweeper } from '../../src/reservations/expire/reservation-expiry.sweeper';
import { HoldsService } from '../../src/reservations/persistence/holds.service';
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

describe('reservations', () => {
  let svc: Inventory;
  const db = () => svc.app.get(DataSource);
  // An admin key: a channel key's reservation asks order-ingestion whether the order is the
  // channel's (the e2e reservations-scope spec runs that with real orders; here it is closed).
  const reserve = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    svc
      .http()
      .post('/v1/reservations')
      .set({ ...admin, ...headers })
      .send(body);
  const stock = (sku: string, locationId: string, quantity: number) =>
    postMovements(svc, movement('receipt', 1, quantity, { sku, locationId })).expect(200);
  const channelHeld = async (sku: string) =>
    Object.fromEntries(
      (
        await db().query(
          `SELECT channel, sum(reserved)::int AS n FROM channel_reserved WHERE sku = $1 GROUP BY channel`,
          [sku],
        )
      ).map((r: { channel: string; n: number }) => [r.channel, r.n]),
    );

  beforeAll(async () => {
    svc = await startInventory();
  });
  afterAll(() => svc?.close());

  jest.setTimeout(60_000);

  it('compiles the hot routes’ contracts at boot, before their first request', () => {
    for (const contract of [
      INVENTORY_MOVEMENT_CONTRACT,
      AVAILABILITY_QUERY_CONTRACT,
      RESERVATION_REQUEST_CONTRACT,
    ])
      expect(contract.warmed).toBe(true);
  });

  it('200 concurrent reservations from two channels for 50 units reserve exactly 50 and respect each share', async () => {
    await putAllocationRules(svc, 'shopify', [{ sharePercent: 60 }]);
    await putAllocationRules(svc, 'amazon', [{ sharePercent: 40 }]);
    await stock('HOT-1', 'dc-1', 50);
    const requests = Array.from({ length: 200 }, (_, i) => ({
      orderId: `o-hot-${i}`,
      lineId: '1',
      sku: 'HOT-1',
      quantity: 1,
      channel: i % 2 === 0 ? 'shopify' : 'amazon',
    }));
    const started = Date.now();
    const responses = await Promise.all(requests.map((r) => reserve(r)));
    const seconds = (Date.now() - started) / 1000;
    const failed = responses.filter((r) => r.status !== 201);
    expect(failed.map((r) => [r.status, r.body.detail])).toEqual([]);
    const reserved = responses.filter((r) => r.body.status === 'reserved');
    expect(reserved).toHaveLength(50);
    expect(responses.filter((r) => r.body.status === 'backordered')).toHaveLength(150);
    expect(await channelHeld('HOT-1')).toEqual({ shopify: 30, amazon: 20 });
    expect(await position(svc, 'HOT-1', 'dc-1')).toMatchObject({
      onHand: 50,
      reserved: 50,
      available: 0,
    });
    expect((await ledgerSums(svc, 'HOT-1', 'dc-1')).reserved).toBe(50);
    process.stdout.write(
      `[inventory] 200 reservations on one hot SKU: ${(200 / seconds).toFixed(0)}/s\n`,
    );
  });

  it('without rules, two channels still never sell the same unit', async () => {
    await stock('HOT-2', 'dc-1', 50);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        reserve({
          orderId: `o-free-${i}`,
          lineId: '1',
          sku: 'HOT-2',
          quantity: 1 + (i % 3),
          channel: i % 2 ? 'pos' : 'square',
        }),
      ),
    );
    const held = responses.flatMap((r) => r.body.allocations as Array<{ quantity: number }>);
    expect(held.reduce((n, a) => n + a.quantity, 0)).toBe(50);
    const p = await position(svc, 'HOT-2', 'dc-1');
    expect(p.reserved).toBe(50);
    expect(p.available).toBe(0);
  });

  it('splits a line across locations (most available first), and reports partial and backordered', async () => {
    await stock('SPLIT-1', 'dc-a', 3);
    await stock('SPLIT-1', 'dc-b', 5);
    const whole = await reserve({
      orderId: 'o-s1',
      lineId: '1',
      sku: 'SPLIT-1',
      quantity: 4,
      channel: 'web',
    }).expect(201);
    expect(whole.body).toMatchObject({
      status: 'reserved',
      allocations: [{ locationId: 'dc-b', quantity: 4 }],
    });
    const split = await reserve({
      orderId: 'o-s2',
      lineId: '1',
      sku: 'SPLIT-1',
      quantity: 3,
      channel: 'web',
    }).expect(201);
    expect(split.body.allocations).toEqual([{ locationId: 'dc-a', quantity: 3 }]);
    const partial = await reserve({
      orderId: 'o-s3',
      lineId: '1',
      sku: 'SPLIT-1',
      quantity: 5,
      channel: 'web',
    }).expect(201);
    expect(partial.body).toMatchObject({
      status: 'partial',
      allocations: [{ locationId: 'dc-b', quantity: 1 }],
    });
    const none = await reserve({
      orderId: 'o-s4',
      lineId: '1',
      sku: 'SPLIT-1',
      quantity: 1,
      channel: 'web',
    }).expect(201);
    expect(none.body).toMatchObject({ status: 'backordered', allocations: [] });
  });

  it('splits when no single location can serve the line', async () => {
    await stock('SPLIT-2', 'dc-a', 3);
    await stock('SPLIT-2', 'dc-b', 5);
    const res = await reserve({
      orderId: 'o-s5',
      lineId: '1',
      sku: 'SPLIT-2',
      quantity: 7,
      channel: 'web',
    }).expect(201);
    expect(res.body.allocations).toEqual([
      { locationId: 'dc-b', quantity: 5 },
      { locationId: 'dc-a', quantity: 2 },
    ]);
  });

  it('is idempotent by order line without a key and replays with an Idempotency-Key', async () => {
    await stock('IDEM-1', 'dc-1', 10);
    const body = { orderId: 'o-i1', lineId: 'L1', sku: 'IDEM-1', quantity: 2, channel: 'shopify' };
    const all = await Promise.all(Array.from({ length: 10 }, () => reserve(body)));
    expect(new Set(all.map((r) => r.body.reservationId)).size).toBe(1);
    expect((await position(svc, 'IDEM-1', 'dc-1')).reserved).toBe(2);
    const keyed = await reserve({ ...body, lineId: 'L2' }, { 'Idempotency-Key': 'o-i1.L2' }).expect(
      201,
    );
    const replay = await reserve(
      { ...body, lineId: 'L2' },
      { 'Idempotency-Key': 'o-i1.L2' },
    ).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(keyed.body);
    await reserve({ ...body, quantity: 3 }).expect(409);
    await svc.http().post('/v1/reservations').set('x-api-key', 'amazon-key').send(body).expect(403);
  });

  it('answers one line reserved concurrently with different goods once, and 409 to the rest', async () => {
    await stock('IDEM-2', 'dc-1', 10);
    const line = { orderId: 'o-i2', lineId: 'L1', sku: 'IDEM-2', channel: 'web' };
    const all = await Promise.all(
      [1, 2, 3, 1, 2].map((quantity) => reserve({ ...line, quantity })),
    );
    const ok = all.filter((r) => r.status === 201);
    expect(new Set(ok.map((r) => r.body.reservationId)).size).toBe(1);
    const quantity = ok[0].body.allocations[0].quantity;
    expect(all.filter((r) => r.status === 409)).toHaveLength(5 - ok.length);
    expect(ok.length).toBe([1, 2, 3, 1, 2].filter((q) => q === quantity).length);
    expect((await position(svc, 'IDEM-2', 'dc-1')).reserved).toBe(quantity);
  });

  it('releases once, and refuses another channel', async () => {
    await stock('REL-1', 'dc-1', 10);
    const r = await reserve({
      orderId: 'o-r1',
      lineId: '1',
      sku: 'REL-1',
      quantity: 4,
      channel: 'shopify',
    }).expect(201);
    const url = `/v1/reservations/${r.body.reservationId}/release`;
    await svc.http().post(url).set('x-api-key', 'amazon-key').expect(403);
    const first = await svc.http().post(url).set('x-api-key', 'shopify-key').expect(200);
    expect(first.body).toMatchObject({
      state: 'released',
      released: [{ locationId: 'dc-1', quantity: 4 }],
    });
    const again = await svc
      .http()
      .post(url)
      .set('x-api-key', 'shopify-key')
      .send({ reasonCode: 'manual' })
      .expect(200);
    expect(again.body.released).toEqual([]);
    expect(await position(svc, 'REL-1', 'dc-1')).toMatchObject({ reserved: 0, available: 10 });
    await svc
      .http()
      .post('/v1/reservations/00000000-0000-7000-8000-000000000000/release')
      .set(admin)
      .expect(404);
  });

  it('expires reservations left behind', async () => {
    await stock('EXP-1', 'dc-1', 5);
    const r = await reserve({
      orderId: 'o-e1',
      lineId: '1',
      sku: 'EXP-1',
      quantity: 3,
      channel: 'web',
    }).expect(201);
    await reserve({
      orderId: 'o-e2',
      lineId: '1',
      sku: 'EXP-1',
      quantity: 1,
      channel: 'web',
    }).expect(201);
    await db().query(
      `UPDATE reservations SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [r.body.reservationId],
    );
    expect(await svc.app.get(ReservationExpirySweeper).sweep()).toBe(1);
    expect(await position(svc, 'EXP-1', 'dc-1')).toMatchObject({ reserved: 1, available: 4 });
    const got = await svc
      .http()
      .get(`/v1/reservations/${r.body.reservationId}`)
      .set(admin)
      .expect(200);
    expect(got.body.state).toBe('expired');
  });

  it('a shipment consumes its reservation and lowers on-hand, once', async () => {
    await stock('SHIP-1', 'dc-a', 4);
    await stock('SHIP-1', 'dc-b', 6);
    const r = await reserve({
      orderId: 'o-sh1',
      lineId: '1',
      sku: 'SHIP-1',
      quantity: 8,
      channel: 'web',
    }).expect(201);
    expect(r.body.allocations).toEqual([
      { locationId: 'dc-b', quantity: 6 },
      { locationId: 'dc-a', quantity: 2 },
    ]);
    const shipped = (locationId: string, quantity: number, fulfillmentEventId: string) => ({
      orderId: 'o-sh1',
      channel: 'shopify',
      channelOrderId: 'sh1',
      fulfillmentEventId,
      type: 'shipped',
      locationId,
      lines: [{ lineId: '1', sku: 'SHIP-1', quantity }],
      occurredAt: new Date().toISOString(),
    });
    const publisher = svc.app.get(EventPublisher);
    const send = (data: object) =>
      publisher.publish({ type: SUBJECTS.ORDER_SHIPPED, subject: 'o-sh1', data });
    await send(shipped('dc-b', 6, 'f-1'));
    await send(shipped('dc-b', 6, 'f-1')); // same fulfilment, new event id
    await eventually(
      () => position(svc, 'SHIP-1', 'dc-b'),
      (p) => p.onHand === 0,
    );
    await send(shipped('dc-a', 2, 'f-2'));
    const a = await eventually(
      () => position(svc, 'SHIP-1', 'dc-a'),
      (p) => p.onHand === 2,
    );
    expect(a).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
    expect(await position(svc, 'SHIP-1', 'dc-b')).toMatchObject({ onHand: 0, reserved: 0 });
    const got = await svc
      .http()
      .get(`/v1/reservations/${r.body.reservationId}`)
      .set(admin)
      .expect(200);
    expect(got.body.state).toBe('consumed');
    for (const loc of ['dc-a', 'dc-b']) {
      const p = await position(svc, 'SHIP-1', loc);
      const sums = await ledgerSums(svc, 'SHIP-1', loc);
      expect([sums.onHand, sums.reserved]).toEqual([p.onHand, p.reserved]);
    }
    const consumed = await db().query(`SELECT count(*)::int AS n FROM outbox WHERE type = $1`, [
      SUBJECTS.RESERVATION_CONSUMED,
    ]);
    expect(consumed[0].n).toBe(2);
  });

  describe('POST /v1/reservations:batch', () => {
    const batch = (reservations: unknown[], key = admin['x-api-key']) =>
      svc.http().post('/v1/reservations:batch').set({ 'x-api-key': key }).send({ reservations });
    /** Correlation ids of the reservation.created events of an order. */
    const createdEvents = async (orderId: string): Promise<string[]> =>
      (
        await db().query(
          `SELECT payload->>'correlationid' AS c FROM outbox
            WHERE type = $1 AND payload->'data'->>'orderId' = $2`,
          [SUBJECTS.RESERVATION_CREATED, orderId],
        )
      ).map((r: { c: string }) => r.c);

    it('reserves lines of many orders and SKUs in one call, never more than on-hand, answered per entry in order', async () => {
      await stock('BATCH-A', 'dc-1', 10);
      await stock('BATCH-B', 'dc-1', 3);
      const entries = Array.from({ length: 40 }, (_, i) => ({
        orderId: `o-batch-${i}`,
        lineId: '1',
        sku: i % 2 ? 'BATCH-B' : 'BATCH-A',
        quantity: 1,
        channel: 'web',
        correlationId: `corr-batch-${i}`,
      }));
      const res = await batch(entries).expect(200);
      expect(res.body.results.map((r: { index: number }) => r.index)).toEqual(
        entries.map((_, i) => i),
      );
      expect(res.body.results.every((r: { status: number }) => r.status === 201)).toBe(true);
      const outcomes = (sku: string) =>
        res.body.results
          .filter((_: unknown, i: number) => entries[i].sku === sku)
          .map((r: { result: { status: string } }) => r.result.status);
      expect(outcomes('BATCH-A').filter((s: string) => s === 'reserved')).toHaveLength(10);
      expect(outcomes('BATCH-B').filter((s: string) => s === 'reserved')).toHaveLength(3);
      expect(await position(svc, 'BATCH-A', 'dc-1')).toMatchObject({ onHand: 10, reserved: 10 });
      expect(await position(svc, 'BATCH-B', 'dc-1')).toMatchObject({ onHand: 3, reserved: 3 });
      // One transaction serves them all; each event still names its own entry's correlation id.
      for (const [i, e] of entries.entries())
        expect(await createdEvents(e.orderId)).toEqual([`corr-batch-${i}`]);
    });

    it('serves many SKUs in one transaction, and calls that lock the same SKUs in another order never oversell or fail', async () => {
      const skus = ['MULTI-X', 'MULTI-Y', 'MULTI-Z'];
      for (const sku of skus) await stock(sku, 'dc-1', 7);
      const calls = Array.from({ length: 12 }, (_, c) =>
        (c % 2 ? [...skus].reverse() : skus).map((sku) => ({
          orderId: `o-multi-${c}`,
          lineId: sku,
          sku,
          quantity: 1,
          channel: 'web',
        })),
      );
      const answers = await Promise.all(calls.map((entries) => batch(entries).expect(200)));
      const statuses = answers.flatMap((a) =>
        a.body.results.map((r: { status: number; result: { status: string } }) => [
          r.status,
          r.result.status,
        ]),
      );
      expect(statuses.filter(([http]) => http !== 201)).toEqual([]);
      for (const sku of skus) {
        expect(await position(svc, sku, 'dc-1')).toMatchObject({ onHand: 7, reserved: 7 });
        const sums = await ledgerSums(svc, sku, 'dc-1');
        expect(sums.reserved).toBe(7);
      }
      expect(statuses.filter(([, outcome]) => outcome === 'reserved')).toHaveLength(21);
      expect(statuses.filter(([, outcome]) => outcome === 'backordered')).toHaveLength(15);
    });

    it('runs the entries one SKU at a time when their shared transaction fails, with nothing of it kept', async () => {
      await stock('FALL-A', 'dc-1', 2);
      await stock('FALL-B', 'dc-1', 2);
      const holds = svc.app.get(HoldsService);
      const real = holds.holdMany.bind(holds);
      const calls: string[][] = [];
      const spy = jest.spyOn(holds, 'holdMany').mockImplementation(async (manager, batch) => {
        const skus = [...new Set(batch.map((b) => b.reservation.sku))].sort();
        calls.push(skus);
        if (skus.length > 1) throw new Error('injected: the shared transaction fails');
        return real(manager, batch);
      });
      try {
        const res = await batch(
          ['FALL-A', 'FALL-B', 'FALL-A'].map((sku, i) => ({
            orderId: `o-fall-${i}`,
            lineId: '1',
            sku,
            quantity: 1,
            channel: 'web',
          })),
        ).expect(200);
        expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 201]);
      } finally {
        spy.mockRestore();
      }
      expect(calls[0]).toEqual(['FALL-A', 'FALL-B']);
      expect(calls.slice(1).every((skus) => skus.length === 1)).toBe(true);
      expect(await position(svc, 'FALL-A', 'dc-1')).toMatchObject({ reserved: 2 });
      expect(await position(svc, 'FALL-B', 'dc-1')).toMatchObject({ reserved: 1 });
      const [{ n }] = await db().query(
        `SELECT count(*)::int AS n FROM reservations WHERE order_id LIKE 'o-fall-%'`,
      );
      expect(n).toBe(3);
      expect(await createdEvents('o-fall-0')).toHaveLength(1);
    });

    it('is idempotent per (orderId, lineId): the same entries again get the same reservations', async () => {
      await stock('BATCH-C', 'dc-1', 5);
      const entries = [1, 2].map((i) => ({
        orderId: `o-again-${i}`,
        lineId: '1',
        sku: 'BATCH-C',
        quantity: 2,
        channel: 'web',
      }));
      const first = await batch(entries).expect(200);
      const single = await reserve(entries[0]).expect(201);
      const second = await batch([...entries, entries[0]]).expect(200);
      const ids = (r: { body: { results: Array<{ result: { reservationId: string } }> } }) =>
        r.body.results.map((e) => e.result.reservationId);
      expect(ids(second)).toEqual([...ids(first), ids(first)[0]]);
      expect(single.body.reservationId).toBe(ids(first)[0]);
      expect(await position(svc, 'BATCH-C', 'dc-1')).toMatchObject({ reserved: 4 });
      expect(await createdEvents('o-again-1')).toHaveLength(1);
    });

    it('answers a bad entry with its own problem, persists nothing for it, and serves its neighbours', async () => {
      await stock('BATCH-D', 'dc-1', 5);
      const good = {
        orderId: 'o-mixed-1',
        lineId: '1',
        sku: 'BATCH-D',
        quantity: 1,
        channel: 'web',
      };
      const res = await batch([
        { ...good, quantity: 0 },
        good,
        { ...good, orderId: 'o-mixed-2', colour: 'red' },
        'not an object',
        { ...good, sku: 'OTHER-SKU' },
      ]).expect(200);
      const [zero, ok, unknownField, notObject, conflict] = res.body.results;
      expect(zero).toMatchObject({ index: 0, orderId: 'o-mixed-1', status: 422 });
      expect(zero.problem).toMatchObject({
        status: 422,
        type: expect.stringContaining('validation-failed'),
      });
      expect(zero.problem.errors.map((e: { field: string }) => e.field)).toContain('quantity');
      expect(ok).toMatchObject({ index: 1, status: 201, result: { status: 'reserved' } });
      expect(unknownField).toMatchObject({ index: 2, status: 422 });
      expect(notObject).toMatchObject({ index: 3, status: 422 });
      expect(conflict).toMatchObject({ index: 4, status: 409 });
      expect(conflict.problem.type).toContain('reservation-conflict');
      const rows = await db().query(
        `SELECT order_id FROM reservations WHERE order_id LIKE 'o-mixed-%'`,
      );
      expect(rows).toEqual([{ order_id: 'o-mixed-1' }]);
      expect(await position(svc, 'BATCH-D', 'dc-1')).toMatchObject({ reserved: 1 });
    });

    it('refuses a channel key for another channel per entry, and a malformed envelope whole', async () => {
      await stock('BATCH-E', 'dc-1', 5);
      const entry = (channel: string) => ({
        orderId: `o-chan-${channel}`,
        lineId: '1',
        sku: 'BATCH-E',
        quantity: 1,
        channel,
      });
      // Its own channel's entry waits on order-ingestion (closed here: 503, see the e2e
      // reservations-scope spec for real orders); the other channel's is 403 before any lookup.
      const res = await batch([entry('shopify'), entry('amazon')], 'shopify-key').expect(200);
      expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([503, 403]);
      await batch([]).expect(422);
      await svc
        .http()
        .post('/v1/reservations:batch')
        .set(admin)
        .send({ reservations: [], extra: 1 })
        .expect(422);
      const tooMany = Array.from({ length: 501 }, () => entry('web'));
      const big = await batch(tooMany).expect(422);
      expect(big.headers['content-type']).toContain('application/problem+json');
      expect(await position(svc, 'BATCH-E', 'dc-1')).toMatchObject({ reserved: 0 });
    });
  });

  it('counts reservations by outcome', async () => {
    const metrics = await svc.http().get('/metrics').expect(200);
    for (const outcome of ['reserved', 'partial', 'backordered']) {
      expect(metrics.text).toMatch(
        new RegExp(`retail_reservations_total\\{outcome="${outcome}"\\} \\d+`),
      );
    }
    for (const event of ['released', 'expired', 'consumed']) {
      expect(metrics.text).toMatch(
        new RegExp(`retail_reservation_lifecycle_total\\{event="${event}"\\} \\d+`),
      );
    }
  });

  it('answers a channel key 503 and reserves nothing while order-ingestion cannot say whose order it is', async () => {
    await stock('OWN-1', 'dc-1', 5);
    const body = {
      orderId: 'o-own-1',
      lineId: 'L1',
      sku: 'OWN-1',
      quantity: 2,
      channel: 'shopify',
    };
    const single = await svc
      .http()
      .post('/v1/reservations')
      .set('x-api-key', 'shopify-key')
      .send(body)
      .expect(503);
    expect(single.headers['content-type']).toContain('application/problem+json');
    const batch = await svc
      .http()
      .post('/v1/reservations:batch')
      .set('x-api-key', 'shopify-key')
      .send({ reservations: [body, { ...body, lineId: 'L2' }] })
      .expect(200);
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([503, 503]);
    const [{ n }] = await db().query(
      `SELECT count(*)::int AS n FROM reservations WHERE order_id = 'o-own-1'`,
    );
    expect(n).toBe(0);
    expect(await position(svc, 'OWN-1', 'dc-1')).toMatchObject({ reserved: 0, available: 5 });
  });
});
