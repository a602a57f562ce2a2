import { Injectable } from '@nestjs/common';
import { OrderStatusChangedEvent, SUBJECTS, type OrderStatus } from '@retail/contracts';
import { JobStore, type Job, type JobDraft } from '@retail/platform-jobs';
import { RequestContext } from '@retail/platform-observability';
import { OutboxService } from '@retail/platform-messaging';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrderChange, TimelineEntry } from '../domain/order-change';
import { canTransition, IllegalTransitionError } from '../domain/order-lifecycle';
import type { OrderState } from '../domain/order-state';
import { LINE_COLUMNS, LineRow, ORDER_COLUMNS, OrderRow, toOrderState } from './order-rows';
import { orderCommits } from '../metrics';
import { CommitSignals } from './commit-signals';
import * as SQL from './order-sql';

/** One return event as the order keeps it (`rank` orders the statuses, see the consumer). */
export interface OrderReturnUpdate {
  orderId: string;
  returnId: string;
  status: string;
  rank: number;
  lines: Array<{ lineId: string; quantity: number }>;
  receivedAt?: string;
}

/**
 * The one writer of an order's state: orders, lines, fulfilment instructions, timeline and the
 * returns that touched it (intake lives in OrderIntake, next to it). Every other module asks it. Each change is checked
 * against the lifecycle (domain/order-lifecycle.ts) and written with one statement per table;
 * every status move is journaled with its `order.status-changed` event, in the caller's
 * transaction.
 */
@Injectable()
export class OrdersRepository {
  private readonly pool: Pool;

  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly signals: CommitSignals,
  ) {
    this.pool = (db.driver as unknown as { master: Pool }).master;
  }

  load(id: string, manager: EntityManager = this.db.manager): Promise<OrderState | undefined> {
    return this.read(manager, id, '');
  }

  /** The order, row-locked until the caller's transaction ends. */
  lock(manager: EntityManager, id: string): Promise<OrderState | undefined> {
    return this.read(manager, id, 'FOR UPDATE');
  }
  /**
   * The order, row-locked, and whether `job` still holds its lease (its row locked too), in
   * this one order: the order row first, then the job's. Every transaction that writes an order
   * and a job of it (a cancel enqueueing the pipeline's, a worker settling its own) locks in
   * this order, so two of them never wait on each other in a cycle (a deadlock, which the
   * caller would see as a 500). `undefined` when the lease was lost or the order is gone.
   */
  async lockHeld(manager: EntityManager, id: string, job: Job): Promise<OrderState | undefined> {
    const order = await this.lock(manager, id);
    return order && (await JobStore.holds(manager, job)) ? order : undefined;
  }

  /**
   * Erasure of a customer's personal data from every order matched to them and from those
   * orders' raw payloads; returns how many orders and payloads were rewritten.
   */
  async eraseCustomer(m: EntityManager, customerId: string) {
    const [row] = (await m.query(SQL.ERASE_CUSTOMER, [customerId])) as Array<{
      orders: number;
      payloads: number;
    }>;
    return row;
  }

  /** Applies one change to a (locked) order. */
  async apply(m: EntityManager, order: OrderState, change: OrderChange): Promise<void> {
    assertLifecycle(order, change);
    await m.query(SQL.UPDATE_ORDER, orderParams(order, change));
    await this.writeLines(m, order.id, change);
    await this.journal(m, order, change.entries, change.cause ?? order.lastCause);
  }

  /**
   * One round trip instead of a locking transaction: applies `change` (computed from `expected`,
   * read without a lock), enqueues `handoff` (e.g. the ERP job) and completes `job`, in one
   * statement, provided the job's lease is still `job.owner`'s and the order is still in
   * `expected`'s status and step (anything that moved it, a cancel, a shipment, an operator,
   * changes one of them). Returns false, having written nothing, when either moved: the caller
   * then locks the order and decides again.
   */
  async applyIfUnchanged(
    expected: OrderState,
    change: OrderChange,
    job: Job,
    handoff?: { queue: string; drafts: JobDraft[] },
  ): Promise<boolean> {
    assertLifecycle(expected, change);
    const events = this.statusEvents(expected, change.entries);
    const instructions = (change.instructions ?? []).map((g) => ({
      id: uuidv7(),
      type: g.type,
      location_id: g.locationId ?? null,
    }));
    // A named statement on the driver's pool: planned once per connection, no query runner.
    const { rows } = await this.pool.query<{ applied: number; completed: number }>({
      name: 'orders_apply_if_unchanged',
      text: SQL.APPLY_IF_UNCHANGED,
      values: [
        ...orderParams(expected, change),
        job.queue,
        job.key,
        job.owner,
        job.seq,
        expected.status,
        expected.step,
        change.cause ?? expected.lastCause ?? null,
        JSON.stringify(timelineRows(change.entries)),
        events.length ? this.outbox.prepare(events).rows : '[]',
        JSON.stringify(instructions),
        JSON.stringify(lineRows(change)),
        handoff?.queue ?? null,
        handoff ? JobStore.rows(handoff.drafts) : '[]',
        RequestContext.traceparent() ?? null,
      ],
    });
    const row = rows[0];
    const applied = (row?.applied ?? 0) > 0;
    orderCommits().inc({ stage: job.queue, path: applied ? 'one_statement' : 'locking' });
    if (!applied) return false;
    if (events.length > 0) this.signals.outbox();
    if (handoff) this.signals.jobDue(handoff.queue);
    await JobStore.completed(this.db, job, row.completed > 0);
    return true;
  }

  private statusEvents(order: OrderState, entries: TimelineEntry[]) {
    return entries
      .filter((e) => e.from && e.from !== e.to)
      .map((e) => ({
        type: SUBJECTS.ORDER_STATUS_CHANGED,
        subject: order.id,
        data: statusChanged(order, e.from!, e.to, e.reason),
      }));
  }

  /** Shipped quantities and instruction status of a fulfilment event, then `apply`. */
  async recordShipment(
    m: EntityManager,
    order: OrderState,
    shipped: Array<{ lineId: string; shipped: number }>,
    event: { type: string; fulfillmentId?: string },
    change: OrderChange,
  ): Promise<void> {
    const rows = shipped.map((s) => ({ line_id: s.lineId, shipped: s.shipped }));
    await m.query(SQL.UPDATE_SHIPPED, [order.id, JSON.stringify(rows)]);
    await m.query(SQL.UPDATE_INSTRUCTION_STATUS, [
      order.id,
      shipped.map((s) => s.lineId),
      event.type,
      event.fulfillmentId ?? '',
    ]);
    await this.apply(m, order, change);
  }

  /**
   * What a return event says about the order (ADR 0040); false when this service holds no such
   * order. Idempotent and order-insensitive: a repeat or an older event changes nothing.
   */
  async recordReturn(m: EntityManager, r: OrderReturnUpdate): Promise<boolean> {
    if (!isUuid(r.orderId)) return false;
    const rows: unknown[] = await m.query(SQL.UPSERT_ORDER_RETURN, [
      r.orderId,
      r.returnId,
      r.status,
      r.rank,
      JSON.stringify(r.lines),
      r.receivedAt ?? null,
    ]);
    return rows.length > 0;
  }

  /** Ids of the orders parked at the SKU step (to re-run when master data changes). */
  async skuExceptions(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(SQL.SKU_EXCEPTIONS);
    return rows.map((r) => r.id);
  }

  private async writeLines(m: EntityManager, orderId: string, change: OrderChange) {
    const lines = lineRows(change).filter(
      (l) => 'sku' in l || 'reserved' in l || 'reservation_status' in l,
    );
    if (lines.length > 0) await m.query(SQL.UPDATE_LINES, [orderId, JSON.stringify(lines)]);
    const groups = change.instructions ?? [];
    if (groups.length === 0) return;
    const instructions = groups.map((g) => ({
      id: uuidv7(),
      type: g.type,
      location_id: g.locationId ?? null,
    }));
    await m.query(SQL.INSERT_INSTRUCTIONS, [orderId, JSON.stringify(instructions)]);
    const links = groups.flatMap((g) =>
      g.lineIds.map((line_id) => ({ line_id, type: g.type, location_id: g.locationId ?? null })),
    );
    await m.query(SQL.LINK_INSTRUCTIONS, [orderId, JSON.stringify(links)]);
  }

  private async journal(
    m: EntityManager,
    order: OrderState,
    entries: TimelineEntry[],
    cause?: string,
  ): Promise<void> {
    if (entries.length === 0) return;
    const rows = timelineRows(entries);
    await m.query(SQL.INSERT_TIMELINE, [order.id, cause ?? null, JSON.stringify(rows)]);
    const events = this.statusEvents(order, entries);
    if (events.length > 0) await this.outbox.enqueue(m, events);
  }

  /** The order and its lines in one statement (one round trip; the lock, if any, on the order). */
  private async read(manager: EntityManager, id: string, lock: string) {
    if (!isUuid(id)) return undefined;
    const rows: (OrderRow & { lines: LineRow[] })[] = await manager.query(
      `SELECT ${ORDER_COLUMNS},
              (SELECT coalesce(json_agg(l ORDER BY l.position), '[]'::json)
                 FROM (SELECT ${LINE_COLUMNS} FROM order_lines WHERE order_id = orders.id) l) AS lines
         FROM orders WHERE id = $1 ${lock}`,
      [id],
    );
    if (rows.length === 0) return undefined;
    return toOrderState(rows[0], rows[0].lines);
  }
}

function assertLifecycle(order: OrderState, change: OrderChange): void {
  for (const e of change.entries)
    if (!canTransition(e.from ?? order.status, e.to))
      throw new IllegalTransitionError(order.id, e.from ?? order.status, e.to);
  if (!canTransition(order.status, change.status) && change.entries.length === 0)
    throw new IllegalTransitionError(order.id, order.status, change.status);
}

/** $1-$11 of UPDATE_ORDER. */
function orderParams(order: OrderState, change: OrderChange): unknown[] {
  return [
    order.id,
    change.status,
    change.step ?? null,
    change.reason !== undefined,
    change.reason ?? null,
    change.customerId ?? null,
    change.order ? JSON.stringify(change.order) : null,
    change.erpState ?? null,
    change.erpSalesOrderId ?? null,
    change.holdReleased ?? null,
    change.cause ?? null,
  ];
}

/** Every line the change touches, once: SKU, reservation, release, instruction group. */
function lineRows(change: OrderChange) {
  const lines = new Map<string, Record<string, unknown>>();
  const row = (lineId: string) => lines.get(lineId) ?? lines.set(lineId, {}).get(lineId)!;
  for (const s of change.lineSkus ?? []) row(s.lineId).sku = s.sku;
  for (const r of change.reservations ?? [])
    Object.assign(row(r.lineId), {
      reserved: true,
      reservation_id: r.reservationId,
      reservation_status: r.status,
    });
  for (const id of change.releasedLineIds ?? []) row(id).reservation_status = 'released';
  for (const g of change.instructions ?? [])
    for (const id of g.lineIds)
      Object.assign(row(id), { type: g.type, location_id: g.locationId ?? null });
  return [...lines].map(([line_id, v]) => ({ line_id, ...v }));
}

function timelineRows(entries: TimelineEntry[]) {
  return entries.map((e) => ({
    from_status: e.from ?? null,
    to_status: e.to,
    step: e.step,
    reason: e.reason ?? null,
    transformations: e.transformations ?? [],
  }));
}

function statusChanged(
  order: OrderState,
  from: OrderStatus,
  to: OrderStatus,
  reason?: string,
): OrderStatusChangedEvent {
  return {
    orderId: order.id,
    channel: order.channel,
    channelOrderId: order.channelOrderId,
    previousStatus: from,
    status: to,
    ...(reason ? { reason: reason.slice(0, 500) } : {}),
    changedAt: new Date().toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
