import fc from 'fast-check';
import type { InventoryMovement } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { AvailabilityService } from '../../src/availability/availability.service';
import { AvailabilityView, REBUILD_PAGE_ROWS } from '../../src/availability/view/availability-view';
import { InventoryException } from '../../src/common/inventory.exception';
import { RecordMovementsHandler } from '../../src/movements/record-movements/record-movements.handler';
import {
  HELD_POSITIONS_SELECT,
  HeldPositionRow,
  toHeld,
} from '../../src/positions/persistence/position.store';
import { ReleaseReservationHandler } from '../../src/reservations/release/release-reservation.handler';
import { ReserveStockHandler } from '../../src/reservations/reserve-stock/reserve-stock.handler';
import { eventually } from '@retail/platform-testing';
import { admin, Inventory, startInventory, putAllocationRules } from './support';

const LOCATIONS = ['v1', 'v2', 'v3'];
const CHANNELS = ['web', 'pos']; // pos may sell at most 50 % (rule set in beforeAll)

type Op =
  | { kind: 'move'; type: 'receipt' | 'sale' | 'adjustment'; sku: number; loc: number; qty: number }
  | { kind: 'reserve'; sku: number; qty: number; channel: number }
  | { kind: 'release'; line: number }
  | { kind: 'sql'; sku: number; loc: number; qty: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('move' as const),
    type: fc.constantFrom('receipt' as const, 'sale' as const, 'adjustment' as const),
    sku: fc.integer({ min: 0, max: 2 }),
    loc: fc.integer({ min: 0, max: 2 }),
    qty: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({
    kind: fc.constant('reserve' as const),
    sku: fc.integer({ min: 0, max: 2 }),
    qty: fc.integer({ min: 1, max: 5 }),
    channel: fc.integer({ min: 0, max: 1 }),
  }),
  fc.record({ kind: fc.constant('release' as const), line: fc.integer({ min: 0, max: 5 }) }),
  // An operator's correction in plain SQL: no process hands it over, only the NOTIFY feed.
  fc.record({
    kind: fc.constant('sql' as const),
    sku: fc.integer({ min: 0, max: 2 }),
    loc: fc.integer({ min: 0, max: 2 }),
    qty: fc.integer({ min: 0, max: 30 }),
  }),
);
/** Rounds of 1-5 operations on 3 SKUs x 3 locations; the operations of a round run at once. */
const scenario = fc.array(fc.array(opArb, { minLength: 1, maxLength: 5 }), {
  minLength: 2,
  maxLength: 6,
});

/**
 * The view (ADR 0046) equals what the database computes, after random interleavings of
 * movements, reservations, releases and plain-SQL corrections made on replica A: on A and on a
 * second replica B that only hears of them through the NOTIFY feed.
 */
describe('availability view = database under random interleavings (fast-check, real PostgreSQL)', () => {
  let a: Inventory;
  let b: Inventory;
  let run = 0;
  let seq = 0;
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  const RUNS = Number(process.env.FC_RUNS ?? 15);
  jest.setTimeout(60_000 + 8_000 * RUNS);

  beforeAll(async () => {
    a = await startInventory();
    b = await startInventory({ DB_SCHEMA: a.schema, NATS_NAMESPACE: a.namespace, KEEP_STATE: '1' });
    process.stdout.write(`[inventory] view fast-check seed ${seed} (replay: FC_SEED=${seed})\n`);
    await putAllocationRules(a, 'pos', [{ sharePercent: 50 }]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function execute(skus: string[], ops: Op[][]) {
    const movements = a.app.get(RecordMovementsHandler);
    const reserve = a.app.get(ReserveStockHandler);
    const release = a.app.get(ReleaseReservationHandler);
    const db = a.app.get(DataSource);
    const reservations: string[] = [];
    for (const round of ops)
      await Promise.all(
        round.map(async (op) => {
          if (op.kind === 'move') {
            const m: InventoryMovement = {
              eventId: `view-${skus[op.sku]}-${++seq}`,
              source: 'wms',
              sourceSequence: seq,
              occurredAt: new Date().toISOString(),
              type: op.type,
              sku: skus[op.sku],
              locationId: LOCATIONS[op.loc],
              quantity: op.type === 'adjustment' && op.qty % 2 ? -op.qty : op.qty,
            };
            await movements.execute([m]);
          } else if (op.kind === 'reserve') {
            const r = await reserve.execute({
              orderId: `${skus[op.sku]}-o`,
              lineId: `l-${++seq}`,
              sku: skus[op.sku],
              quantity: op.qty,
              channel: CHANNELS[op.channel],
            });
            reservations.push(r.reservationId);
          } else if (op.kind === 'release') {
            const id = reservations[op.line];
            if (id)
              await release
                .execute(id, { kind: 'admin' })
                .catch((err: InventoryException) => expect(err.status).toBe(409));
          } else {
            // Never below what is reserved: the schema's own rule for on-hand.
            await db.query(
              `UPDATE positions SET on_hand = GREATEST(reserved, $3) WHERE sku = $1 AND location_id = $2`,
              [skus[op.sku], LOCATIONS[op.loc], op.qty],
            );
          }
        }),
      );
  }

  /** What the database holds and computes, and what a replica's view answers, for `skus`. */
  async function compare(svc: Inventory, skus: string[]) {
    const db = svc.app.get(DataSource);
    const rows: HeldPositionRow[] = await db.query(
      `${HELD_POSITIONS_SELECT} WHERE p.sku = ANY($1::varchar[]) ORDER BY p.sku, p.location_id`,
      [skus],
    );
    const availability = svc.app.get(AvailabilityService);
    const fromDb = await availability.forChannels(skus, CHANNELS);
    const fromView = await Promise.all(CHANNELS.map((c) => availability.forSkus(skus, c)));
    // A channel holding 0 is a channel holding nothing; key order is not part of the answer.
    const normalise = (p: ReturnType<typeof toHeld>) => ({
      ...p,
      byChannel: Object.fromEntries(
        Object.entries(p.byChannel)
          .filter(([, units]) => units !== 0)
          .sort(([x], [y]) => (x < y ? -1 : 1)),
      ),
    });
    return {
      database: {
        positions: rows.map(toHeld).map(normalise),
        availability: CHANNELS.map((c) => fromDb.get(c)),
      },
      view: {
        positions: svc.app.get(AvailabilityView).positions(skus).map(normalise),
        availability: fromView,
      },
    };
  }

  async function expectConverged(svc: Inventory, skus: string[]) {
    const last = await eventually(async () => {
      const c = await compare(svc, skus);
      return JSON.stringify(c.view) === JSON.stringify(c.database) ? c : false;
    }, 15_000).catch(() => undefined);
    if (!last) {
      // Show the difference.
      const c = await compare(svc, skus);
      expect(c.view).toEqual(c.database);
    }
  }

  it('holds what the database computes, on the writing replica and on another one', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (ops) => {
        run++;
        const skus = [0, 1, 2].map((i) => `VP-${run}-${i}`);
        await execute(skus, ops);
        await expectConverged(a, skus);
        await expectConverged(b, skus);
      }),
      { numRuns: RUNS, verbose: true, seed },
    );
  });

  it('measures its lag with a heartbeat, and answers 503 (problem+json, Retry-After) while it rebuilds', async () => {
    const view = a.app.get(AvailabilityView);
    await eventually(() => Number.isFinite(view.ageMs));
    const metrics = await a.http().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/retail_inventory_availability_view_lag_seconds_count [1-9]/);
    expect(metrics.text).toMatch(/retail_inventory_availability_view_ready 1/);

    // More positions than two rebuild pages, so the rebuild below pages through them.
    const db = a.app.get(DataSource);
    const many = REBUILD_PAGE_ROWS * 2 + 500;
    await db.query(
      `INSERT INTO positions (sku, location_id, on_hand, reserved, in_transit, damaged)
       SELECT 'VPG-' || lpad(i::text, 5, '0'), 'v' || (i % 3 + 1), i % 17, 0, i % 2, 0
         FROM generate_series(1, $1) AS i`,
      [many],
    );
    const paged = Array.from({ length: many }, (_, i) => `VPG-${String(i + 1).padStart(5, '0')}`);

    // Hold the rebuild: the positions table locked, then the view's LISTEN session killed.
    const locker = await db.createQueryRunner();
    await locker.connect();
    try {
      await locker.startTransaction();
      await locker.query(`LOCK TABLE positions IN ACCESS EXCLUSIVE MODE`);
      const pid = (view as unknown as { runner: { databaseConnection: { processID: number } } })
        .runner.databaseConnection.processID;
      await db.query(`SELECT pg_terminate_backend($1)`, [pid]);
      await eventually(() => !view.ready);
      const res = await a
        .http()
        .get('/v1/availability/VP-1-0?channel=web')
        .set(admin)
        .expect(503)
        .expect('content-type', /application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body.type).toMatch(/availability-view-rebuilding$/);
    } finally {
      await locker.rollbackTransaction().catch(() => undefined);
      await locker.release();
    }
    // The rebuild completes once the lock is gone, and reads are answered again.
    await eventually(() => view.ready, 20_000);
    await a.http().get('/v1/availability/VP-1-0?channel=web').set(admin).expect(200);
    await expectConverged(a, ['VP-1-0', 'VP-1-1', 'VP-1-2']);
    expect(view.positions(paged)).toHaveLength(many);
    await expectConverged(a, paged);
  });
});
