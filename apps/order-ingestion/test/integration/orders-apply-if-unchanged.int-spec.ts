import { JobStore, type Job } from '@retail/platform-jobs';
import type { OrderChange } from '../../src/orders/domain/order-change';
import type { OrderState } from '../../src/orders/domain/order-state';
import { OrdersRepository } from '../../src/orders/persistence/orders.repository';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

jest.setTimeout(60_000);

// Queues no worker of the service claims: the test holds the leases itself.
const QUEUE = 'apply-test';
const HANDOFF = 'apply-test-handoff';

/**
 * The one-statement commit of the pipeline and of the ERP stage (OrdersRepository
 * applyIfUnchanged): everything or nothing, and nothing unless the lease is the caller's and the
 * order is as the change was computed from.
 */
describe('applyIfUnchanged', () => {
  let h: Harness;
  let repo: OrdersRepository;
  let order: OrderState;

  beforeAll(async () => {
    h = await startOrderIngestion();
    h.catalog.publish('SKU-1');
    repo = h.svc.app.get(OrdersRepository);
    const { body } = await h.post('/v1/orders', canonicalOrder()).expect(202);
    await h.waitForStatus(body.orderId, 'erp_confirmed');
    order = (await repo.load(body.orderId))!;
  });
  afterAll(() => h?.svc.close());

  const claim = async (owner = 'me'): Promise<Job> => {
    await JobStore.enqueue(h.db, QUEUE, [{ key: order.id }]);
    const [job] = await JobStore.claim(h.db, QUEUE, owner, 1, 60_000);
    return job;
  };
  const jobRow = async (queue: string) =>
    (
      await h.db.query(
        `SELECT state, lease_owner, payload FROM jobs WHERE queue = $1 AND key = $2`,
        [queue, order.id],
      )
    )[0];
  const timeline = async () =>
    (
      await h.db.query(`SELECT step, reason FROM order_timeline WHERE order_id = $1 ORDER BY id`, [
        order.id,
      ])
    ).map((r: { step: string; reason: string | null }) => `${r.step}:${r.reason ?? ''}`);
  const note = (reason: string, over: Partial<OrderChange> = {}): OrderChange => ({
    status: order.status,
    reason,
    entries: [{ from: order.status, to: order.status, step: 'apply-test', reason }],
    ...over,
  });

  it('writes the order, a new instruction and its line link, the timeline, a handed-on job and completes the job', async () => {
    const job = await claim();
    const change = note('one statement', {
      instructions: [{ type: 'pickup', locationId: 'STORE-T1', lineIds: ['1'] }],
    });
    const handoff = { queue: HANDOFF, drafts: [{ key: order.id, payload: { n: 1 } }] };
    expect(await repo.applyIfUnchanged(order, change, job, handoff)).toBe(true);
    const [instruction] = await h.db.query(
      `SELECT id FROM fulfillment_instructions WHERE order_id = $1 AND location_id = 'STORE-T1'`,
      [order.id],
    );
    const [line] = await h.db.query(
      `SELECT fulfillment_id FROM order_lines WHERE order_id = $1 AND line_id = '1'`,
      [order.id],
    );
    expect(line.fulfillment_id).toBe(instruction.id);
    const [row] = await h.db.query(`SELECT status_reason FROM orders WHERE id = $1`, [order.id]);
    expect(row.status_reason).toBe('one statement');
    expect(await timeline()).toContain('apply-test:one statement');
    expect(await jobRow(QUEUE)).toBeUndefined();
    expect((await jobRow(HANDOFF)).payload).toEqual({ n: 1 });
  });

  it('links a line to the instruction that is already there (unique per order, type, location)', async () => {
    await h.db.query(`UPDATE order_lines SET fulfillment_id = NULL WHERE order_id = $1`, [
      order.id,
    ]);
    const job = await claim();
    const change = note('again', {
      instructions: [{ type: 'pickup', locationId: 'STORE-T1', lineIds: ['1'] }],
    });
    expect(await repo.applyIfUnchanged(order, change, job)).toBe(true);
    const instructions = await h.db.query(
      `SELECT id FROM fulfillment_instructions WHERE order_id = $1 AND location_id = 'STORE-T1'`,
      [order.id],
    );
    expect(instructions).toHaveLength(1);
    const [line] = await h.db.query(
      `SELECT fulfillment_id FROM order_lines WHERE order_id = $1 AND line_id = '1'`,
      [order.id],
    );
    expect(line.fulfillment_id).toBe(instructions[0].id);
  });

  it('writes nothing when the order moved since it was read', async () => {
    const job = await claim();
    const before = await timeline();
    const stale = { ...order, step: 'erp_wait' as const };
    expect(await repo.applyIfUnchanged(stale, note('stale'), job)).toBe(false);
    expect(await timeline()).toEqual(before);
    expect((await jobRow(QUEUE)).state).toBe('running');
    await JobStore.complete(h.db, job);
  });

  it('writes nothing when the lease is no longer the caller’s', async () => {
    const job = await claim('someone-else');
    const before = await timeline();
    expect(await repo.applyIfUnchanged(order, note('not mine'), { ...job, owner: 'me' })).toBe(
      false,
    );
    expect(await timeline()).toEqual(before);
    expect((await jobRow(QUEUE)).lease_owner).toBe('someone-else');
    await JobStore.complete(h.db, job);
  });

  it('keeps the stored payment when the change carries an older copy of the order', async () => {
    const job = await claim();
    const stored = order.order.payment;
    const older = { ...order.order, payment: { ...stored, status: 'pending' as const } };
    expect(await repo.applyIfUnchanged(order, note('payment kept', { order: older }), job)).toBe(
      true,
    );
    const [row] = await h.db.query(`SELECT "order" FROM orders WHERE id = $1`, [order.id]);
    expect(row.order.payment).toEqual(stored);
    expect(row.order.channelOrderId).toBe(order.order.channelOrderId);
  });

  /**
   * A cancel locks the order and then enqueues the order's job; a worker settling that job must
   * take the same two locks in the same order (the order's first), or each waits on the other
   * and PostgreSQL aborts one as a deadlock (a 500 to the cancel's caller).
   */
  const whileTheOrderIsHeld = async (settle: (job: Job) => Promise<unknown>, marker: string) => {
    const job = await claim();
    const cancel = h.db.createQueryRunner();
    await cancel.connect();
    await cancel.startTransaction();
    try {
      await repo.lock(cancel.manager, order.id);
      const settled = settle(job);
      await until(async () => {
        const [row] = await h.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE $1`,
          [`%${marker}%`],
        );
        return row.n > 0;
      });
      await JobStore.enqueue(cancel.manager, QUEUE, [{ key: order.id }]);
      await cancel.commitTransaction();
      return await settled;
    } finally {
      await cancel.release();
    }
  };
  const until = async (probe: () => Promise<boolean>) => {
    for (let i = 0; !(await probe()); i++) {
      if (i > 400) throw new Error('the settling statement never waited on the order');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('waits for an order a cancel holds and never deadlocks with the cancel’s enqueue', async () => {
    const applied = await whileTheOrderIsHeld(
      (job) => repo.applyIfUnchanged(order, note('after a cancel'), job),
      'ol AS',
    );
    expect(applied).toBe(true);
    expect(await jobRow(QUEUE)).toMatchObject({ state: 'pending', lease_owner: null });
  });

  it('locks the order before the job on the locking path too (lockHeld)', async () => {
    const held = await whileTheOrderIsHeld(
      (job) =>
        h.db.transaction(async (m) => {
          const current = await repo.lockHeld(m, order.id, job);
          if (current) await JobStore.complete(m, job);
          return current?.id;
        }),
      'FOR UPDATE',
    );
    expect(held).toBe(order.id);
    expect(await jobRow(QUEUE)).toMatchObject({ state: 'pending', lease_owner: null });
  });

  it('re-arms a job enqueued again while it ran instead of deleting it', async () => {
    const job = await claim();
    await JobStore.enqueue(h.db, QUEUE, [{ key: order.id }]);
    expect(await repo.applyIfUnchanged(order, note('re-armed'), job)).toBe(true);
    expect(await jobRow(QUEUE)).toMatchObject({ state: 'pending', lease_owner: null });
    expect(await timeline()).toContain('apply-test:re-armed');
  });
});

/**
 * The intake and the one-statement commits send no NOTIFY in their transaction (ADR 0034): the
 * process wakes its own workers after the commit. With the safety-net poll a minute away, an
 * accepted order still runs through the pipeline and the ERP stage at once.
 */
describe('wake-ups without in-transaction NOTIFY', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startOrderIngestion({ PIPELINE_POLL_MS: '60000' });
    h.catalog.publish('SKU-1');
  });
  afterAll(() => h?.svc.close());

  it('runs accepted orders without waiting for the poll', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await h.post('/v1/orders', canonicalOrder()).expect(202)).body.orderId);
    for (const id of ids) await h.waitForStatus(id, 'erp_confirmed', 20_000);
    expect(ids.every((id) => h.erp.salesOrders.has(id))).toBe(true);
  });
});
