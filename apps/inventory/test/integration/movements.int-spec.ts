import {
  InventoryMovement,
  movementRecordCommandSubject,
  partitionOf,
  RecordMovementCommand,
} from '@retail/contracts';
import { EventPublisher } from '@retail/platform-messaging';
import { DataSource } from 'typeorm';
import { RecordMovementsHandler } from '../../src/movements/record-movements/record-movements.handler';
import { PositionStore } from '../../src/positions/persistence/position.store';
import {
  admin,
  eventually,
  Inventory,
  ledgerSums,
  movement,
  position,
  postMovements,
  sendCommand,
  startInventory,
} from './support';

describe('movements', () => {
  let svc: Inventory;
  const count = async (sql: string) => Number((await svc.app.get(DataSource).query(sql))[0].count);

  beforeAll(async () => {
    svc = await startInventory();
  });
  afterAll(() => svc?.close());

  it('gives the right on-hand when a snapshot arrives after newer deltas and before older ones', async () => {
    const at = { sku: 'SNAP-1', locationId: 'dc-1' };
    const newer = [movement('receipt', 12, 10, at), movement('sale', 15, 3, at)];
    const older = [movement('receipt', 8, 100, at), movement('sale', 9, 50, at)];
    const res1 = await postMovements(svc, newer).expect(200);
    expect(res1.body.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
    ]);
    const snap = await postMovements(svc, movement('snapshot', 10, 40, at)).expect(200);
    expect(snap.body.results[0]).toMatchObject({ status: 'applied', position: { onHand: 47 } });
    const late = await postMovements(svc, older).expect(200);
    expect(late.body.results.map((r: { status: string }) => r.status)).toEqual(['stale', 'stale']);
    const after = await postMovements(svc, movement('receipt', 11, 5, at)).expect(200);
    expect(after.body.results[0].status).toBe('applied');
    expect(await position(svc, 'SNAP-1', 'dc-1')).toMatchObject({ onHand: 52, available: 52 });
    expect((await ledgerSums(svc, 'SNAP-1', 'dc-1')).onHand).toBe(52);
    const stale = await postMovements(svc, movement('snapshot', 10, 999, at)).expect(200);
    expect(stale.body.results[0].status).toBe('stale');
  });

  it('treats a repeated eventId as a no-op, in one batch, across requests and concurrently', async () => {
    const at = { sku: 'DUP-1', locationId: 'dc-1' };
    const m = movement('receipt', 1, 7, at);
    const first = await postMovements(svc, [m, m]).expect(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'duplicate',
    ]);
    const storm = await Promise.all(Array.from({ length: 20 }, () => postMovements(svc, m)));
    expect(storm.every((r) => r.status === 200 && r.body.results[0].status === 'duplicate')).toBe(
      true,
    );
    const fresh = movement('receipt', 2, 1, at);
    const race = await Promise.all(Array.from({ length: 20 }, () => postMovements(svc, fresh)));
    expect(race.filter((r) => r.body.results[0].status === 'applied')).toHaveLength(1);
    expect(await position(svc, 'DUP-1', 'dc-1')).toMatchObject({ onHand: 8 });
    expect(await count(`SELECT count(*) FROM movements WHERE sku = 'DUP-1'`)).toBe(2);
  });

  it('applies a batch in one transaction: one invalid entry refuses the whole request', async () => {
    const at = { sku: 'TX-1', locationId: 'dc-1' };
    const res = await postMovements(svc, [
      movement('receipt', 1, 5, at),
      { ...movement('receipt', 2, 5, at), quantity: -5 },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('1.quantity');
    expect(await count(`SELECT count(*) FROM movements WHERE sku = 'TX-1'`)).toBe(0);
    const tooMany = Array.from({ length: 1001 }, (_, i) => movement('receipt', i, 1, at));
    expect((await postMovements(svc, tooMany)).status).toBe(422);
  });

  it('moves units between on-hand, in-transit and damaged, and the ledger explains each column', async () => {
    const at = { sku: 'TYPES-1', locationId: 'dc-1' };
    await postMovements(svc, [
      movement('receipt', 1, 20, at),
      movement('transfer_out', 2, 5, at),
      movement('transfer_in', 3, 2, at),
      movement('return_restock', 4, 3, at),
      movement('damage', 5, 3, at),
      movement('repair', 6, 1, at),
      movement('pick', 7, 2, at),
      movement('adjustment', 8, -4, at),
      movement('cancellation', 9, 1, at),
      movement('shipment', 10, 2, at),
    ]).expect(200);
    const p = await position(svc, 'TYPES-1', 'dc-1');
    expect(p).toMatchObject({
      onHand: 20 - 5 + 2 + 3 - 3 + 1 - 4 + 1 - 2,
      inTransit: 3,
      damaged: 2,
    });
    expect(await ledgerSums(svc, 'TYPES-1', 'dc-1')).toEqual({
      onHand: p.onHand,
      reserved: 0,
      inTransit: 3,
      damaged: 2,
    });
    const ledger = await svc
      .http()
      .get('/v1/positions/TYPES-1/ledger?limit=5')
      .set(admin)
      .expect(200);
    expect(ledger.body.items).toHaveLength(5);
    expect(ledger.body.nextCursor).toBeDefined();
    // Cursor and page size are decimal integers: hex, exponent or signed forms are refused.
    for (const query of ['after=0x10', 'limit=0x5', 'limit=5e0', 'after=+1', 'after= 1'])
      await svc
        .http()
        .get(`/v1/positions/TYPES-1/ledger?${query.replace(' ', '%20').replace('+', '%2B')}`)
        .set(admin)
        .expect('content-type', /application\/problem\+json/)
        .expect((r) => expect([400, 422]).toContain(r.status));
  });

  it('consumes movement commands from JetStream with the same semantics, in any partition', async () => {
    const publisher = svc.app.get(EventPublisher);
    const partitions = svc.config.env.INVENTORY_PARTITIONS;
    const send = (m: RecordMovementCommand) =>
      publisher.publish({
        type: movementRecordCommandSubject(partitionOf(m.sku, m.locationId, partitions)),
        subject: `${m.sku}@${m.locationId}`,
        data: m,
      });
    const skus = ['NATS-1', 'NATS-2', 'NATS-3'];
    for (const sku of skus) {
      const at = { sku, locationId: 'store-9', source: 'pos' };
      const receipt = movement('receipt', 5, 10, at);
      await send(receipt);
      await send(movement('snapshot', 3, 50, at));
      await send(movement('sale', 2, 1, at)); // older than the snapshot: stale
      await send(receipt); // redelivered duplicate
      await send(movement('sale', 6, 4, at));
    }
    for (const sku of skus) {
      const p = await eventually(
        () => position(svc, sku, 'store-9'),
        (x) => x?.onHand === 56,
      );
      expect(p.onHand).toBe(50 + 10 - 4);
    }
    const outcomes = await svc.app
      .get(DataSource)
      .query(
        `SELECT status, count(*)::int AS n FROM movements WHERE sku LIKE 'NATS-%' GROUP BY status ORDER BY status`,
      );
    expect(outcomes).toEqual([
      { status: 'applied', n: 9 },
      { status: 'stale', n: 3 },
    ]);
    // Lag per partition: one gauge series for each partition these SKUs were sent to.
    const metrics = (await svc.http().get('/metrics').expect(200)).text;
    for (const sku of skus) {
      const partition = partitionOf(sku, 'store-9', partitions);
      expect(metrics).toMatch(
        new RegExp(
          `retail_inventory_movement_partition_lag_seconds\\{partition="${partition}"\\} \\d`,
        ),
      );
      expect(metrics).toMatch(
        new RegExp(
          `retail_inventory_movement_partition_applied_timestamp_seconds\\{partition="${partition}"\\} \\d`,
        ),
      );
    }
  });

  it('dead-letters an invalid movement command at once and keeps consuming the partition', async () => {
    const publisher = svc.app.get(EventPublisher);
    const partitions = svc.config.env.INVENTORY_PARTITIONS;
    const good = movement('receipt', 1, 2, { sku: 'POISON-1', locationId: 'dc-1' });
    const subject = movementRecordCommandSubject(
      partitionOf(good.sku, good.locationId, partitions),
    );
    await publisher.publish({
      type: subject,
      subject: 'POISON-1@dc-1',
      data: { ...good, quantity: -1 },
    });
    await publisher.publishRaw(subject, 'not json at all');
    await publisher.publish({ type: subject, subject: 'POISON-1@dc-1', data: good });
    const p = await eventually(
      () => position(svc, 'POISON-1', 'dc-1'),
      (x) => x?.onHand === 2,
    );
    expect(p.onHand).toBe(2);
    const dlq = await eventually(
      async () => (await svc.http().get('/v1/ops/dlq?stream=RETAIL_INVENTORY').set(admin)).body,
      (b) =>
        JSON.stringify(b).includes('inventory--record-movement') &&
        (JSON.stringify(b).match(/inventory--record-movement/g) ?? []).length >= 2,
    );
    const text = JSON.stringify(dlq);
    expect(text).toContain('invalid movement: quantity');
    expect(text).toContain('poison');
  });

  it('never reports available below zero, even when on-hand goes negative', async () => {
    const at = { sku: 'NEG-1', locationId: 'dc-1' };
    await postMovements(svc, [movement('receipt', 1, 2, at), movement('sale', 2, 5, at)]).expect(
      200,
    );
    expect(await position(svc, 'NEG-1', 'dc-1')).toMatchObject({ onHand: -3, available: 0 });
    const av = await svc
      .http()
      .get('/v1/availability/NEG-1?channel=shopify')
      .set(admin)
      .expect(200);
    expect(av.body.available).toBe(0);
  });

  it('publishes movement.recorded and exposes lag and outcome metrics', async () => {
    expect(
      await count(
        `SELECT count(*) FROM outbox WHERE type LIKE 'retail.inventory.v1.movement.recorded.%'`,
      ),
    ).toBeGreaterThan(0);
    const metrics = await svc.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/retail_inventory_movements_total\{outcome="applied"\} \d+/);
    expect(metrics.text).toMatch(/retail_inventory_movements_total\{outcome="duplicate"\} \d+/);
    expect(metrics.text).toContain(
      'retail_inventory_update_lag_seconds_bucket{le="1",location="dc-1"}',
    );
  });

  it('refuses channel keys and unknown fields', async () => {
    const m = movement('receipt', 1, 1, { sku: 'AUTH-1' });
    await svc
      .http()
      .post('/v1/inventory/movements')
      .set('x-api-key', 'shopify-key')
      .send(m)
      .expect(403);
    const res = await postMovements(svc, { ...m, extra: 1 }).expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const metrics = await svc.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/retail_inventory_movements_total\{outcome="rejected"\} \d+/);
  });

  it('takes movements from the warehouse anywhere and from a store at its own location only', async () => {
    const post = (key: string, body: object) =>
      svc.http().post('/v1/inventory/movements').set('x-api-key', key).send(body);
    const atStore = movement('receipt', 1, 4, { sku: 'ACTOR-1', locationId: 'STORE-1' });
    const elsewhere = movement('receipt', 1, 9, { sku: 'ACTOR-1', locationId: 'dc-1' });
    // One entry at another location refuses the whole request: nothing of it is applied.
    const mixed = await post('store-1-key', [atStore, elsewhere]).expect(403);
    expect(mixed.headers['content-type']).toContain('application/problem+json');
    expect(await position(svc, 'ACTOR-1', 'STORE-1')).toBeUndefined();
    const own = await post('store-1-key', atStore).expect(200);
    expect(own.body.results[0].status).toBe('applied');
    const wms = await post('wms-key', elsewhere).expect(200);
    expect(wms.body.results[0].status).toBe('applied');
    expect(await position(svc, 'ACTOR-1', 'STORE-1')).toMatchObject({ onHand: 4 });
    expect(await position(svc, 'ACTOR-1', 'dc-1')).toMatchObject({ onHand: 9 });
  });
  it('keeps positions equal to the ledger when overlapping HTTP groups and JetStream lanes apply at once', async () => {
    const skus = Array.from({ length: 12 }, (_, i) => `PIPE-${i}`);
    const all = Array.from({ length: 240 }, (_, i) =>
      movement(i % 3 === 0 ? 'sale' : 'receipt', i + 1, (i % 4) + 1, {
        sku: skus[i % skus.length],
        source: `pipe-${i % 2}`,
      }),
    );
    // Every movement goes both ways: over HTTP (12 concurrent requests of 20, which the
    // handler groups into overlapping transactions) and as a command on its partition.
    await Promise.all(all.map((m) => sendCommand(svc, m)));
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, r) => postMovements(svc, all.slice(r * 20, r * 20 + 20))),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await eventually(
      () => count(`SELECT count(*) FROM movements WHERE sku LIKE 'PIPE-%'`),
      (n) => n === all.length,
    );
    expect(
      await count(
        `SELECT count(*) FROM (SELECT source, event_id FROM movements WHERE sku LIKE 'PIPE-%'
          GROUP BY 1, 2 HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    for (const sku of skus) {
      const expected = all
        .filter((m) => m.sku === sku)
        .reduce((sum, m) => sum + (m.type === 'sale' ? -m.quantity : m.quantity), 0);
      expect(await ledgerSums(svc, sku, 'dc-1')).toMatchObject({ onHand: expected });
      expect(await position(svc, sku, 'dc-1')).toMatchObject({ onHand: expected });
    }
  });
  it('applies a batch in three statements whatever its size, with the same ledger', async () => {
    const handler = svc.app.get(RecordMovementsHandler);
    const db = svc.app.get(DataSource);
    // Mixed batches over several positions and sources: deltas, snapshots, in-batch duplicates.
    const batchOf = (size: number, tag: string) => {
      const batch = Array.from({ length: size }, (_, i) =>
        movement(i % 10 === 3 ? 'snapshot' : i % 2 ? 'sale' : 'receipt', i + 1, (i % 5) + 1, {
          sku: `SET-${tag}-${i % 7}`,
          source: `wms-${i % 3}`,
        }),
      );
      return [...batch, batch[0], batch[size - 1]];
    };
    const statements = async (batch: InventoryMovement[]) => {
      await svc.app.get(PositionStore).ensure(batch);
      return db.transaction(async (manager) => {
        const spy = jest.spyOn(manager, 'query');
        const outcome = await handler.executeIn(manager, batch);
        expect(outcome.results.filter((r) => r.status === 'duplicate')).toHaveLength(2);
        return spy.mock.calls.length;
      });
    };
    expect(await statements(batchOf(10, 'a'))).toBe(3);
    expect(await statements(batchOf(400, 'b'))).toBe(3);
    for (let i = 0; i < 7; i++) {
      const [p, sums] = [
        await position(svc, `SET-b-${i}`, 'dc-1'),
        await ledgerSums(svc, `SET-b-${i}`, 'dc-1'),
      ];
      expect(p).toMatchObject({ onHand: sums.onHand });
    }
  });
});
