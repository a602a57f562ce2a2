import { Injectable } from '@nestjs/common';
import { InventoryMovement, ReservationConsumedEvent, SUBJECTS } from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import { EntityManager } from 'typeorm';
import { inventoryMetrics } from '../../common/metrics';
import { RecordMovementsHandler } from '../../movements/record-movements/record-movements.handler';
import { AvailabilityView } from '../../availability/view/availability-view';
import { PositionStore } from '../../positions/persistence/position.store';
import { Drop, HoldsService } from '../persistence/holds.service';
import { ReservationRecord, ReservationStore } from '../persistence/reservation.store';
import { Shipment } from './shipment';

/**
 * A shipment consumes its reservation and lowers on-hand, in the caller's transaction:
 * - units held at the shipping location are consumed; units the line still holds elsewhere
 *   are released up to the shipped quantity (the line was served from another location);
 * - on-hand drops through a `shipment` movement keyed by fulfilment and line, so the ledger
 *   explains it and a redelivery is a duplicate.
 * Locks: reservations (by id), then positions (sku, location), as every other writer.
 */
@Injectable()
export class ConsumeShipmentHandler {
  constructor(
    private readonly store: ReservationStore,
    private readonly holds: HoldsService,
    private readonly positions: PositionStore,
    private readonly movements: RecordMovementsHandler,
    private readonly outbox: OutboxService,
    private readonly view: AvailabilityView,
  ) {}

  /** Creates missing position rows; call before the transaction. */
  prepare(s: Shipment): Promise<void> {
    return this.positions.ensure(s.lines.map((l) => ({ sku: l.sku, locationId: s.locationId })));
  }

  async executeIn(manager: EntityManager, shipment: Shipment): Promise<void> {
    const reservations = await this.lockReservations(manager, shipment);
    // Written in the caller's transaction: reads of these SKUs wait for the view to re-read them.
    for (const sku of new Set(shipment.lines.map((l) => l.sku))) this.view.expect(sku);
    await this.positions.lock(
      manager,
      await this.positionsTouched(manager, shipment, reservations),
    );
    // The same fulfilment re-sent under a new event id: its lines are already in the ledger.
    const s = await this.withoutRecordedLines(manager, shipment);
    if (s.lines.length === 0) return;
    for (const line of s.lines) {
      const r = reservations.get(line.lineId);
      if (r && r.state === 'active' && r.sku === line.sku)
        await this.consume(manager, s, r, line.quantity);
    }
    await this.movements.executeIn(
      manager,
      s.lines.map((l) => this.shipmentMovement(s, l)),
    );
  }

  private async consume(
    manager: EntityManager,
    s: Shipment,
    r: ReservationRecord,
    quantity: number,
  ) {
    const allocations = await this.store.allocations(manager, r.id);
    const here = allocations.find((a) => a.locationId === s.locationId);
    const consumed = Math.min(quantity, here?.open ?? 0);
    let rest = quantity - consumed;
    const released: Drop[] = [];
    for (const a of allocations.filter((x) => x.locationId !== s.locationId && x.open > 0)) {
      const take = Math.min(rest, a.open);
      if (take > 0) released.push({ locationId: a.locationId, quantity: take });
      rest -= take;
    }
    await this.holds.drop(
      manager,
      r,
      [{ locationId: s.locationId, quantity: consumed }],
      'consume',
    );
    await this.holds.drop(manager, r, released, 'release');
    const left = (await this.store.allocations(manager, r.id)).reduce((n, a) => n + a.open, 0);
    if (left === 0) await this.store.close(manager, r.id, 'consumed');
    if (consumed > 0) await this.announce(manager, s, r, consumed);
    inventoryMetrics.reservationLifecycle().inc({ event: 'consumed' });
  }

  private async withoutRecordedLines(manager: EntityManager, s: Shipment): Promise<Shipment> {
    const ids = s.lines.map((l) => this.shipmentMovement(s, l).eventId);
    const seen: Array<{ event_id: string }> = await manager.query(
      `SELECT event_id FROM movements WHERE source = 'orders' AND event_id = ANY($1::varchar[])`,
      [ids],
    );
    const done = new Set(seen.map((r) => r.event_id));
    return { ...s, lines: s.lines.filter((l) => !done.has(this.shipmentMovement(s, l).eventId)) };
  }

  private async lockReservations(manager: EntityManager, s: Shipment) {
    const ids: string[] = [];
    for (const l of s.lines) {
      const r = await this.store.byOrderLine(manager, s.orderId, l.lineId);
      if (r) ids.push(r.id);
    }
    ids.sort();
    const locked = new Map<string, ReservationRecord>();
    for (const id of ids) {
      const r = (await this.store.byId(manager, id, true))!;
      locked.set(r.lineId, r);
    }
    return locked;
  }

  private async positionsTouched(
    manager: EntityManager,
    s: Shipment,
    reservations: Map<string, ReservationRecord>,
  ) {
    const refs = s.lines.map((l) => ({ sku: l.sku, locationId: s.locationId }));
    for (const r of reservations.values()) {
      for (const a of await this.store.allocations(manager, r.id))
        refs.push({ sku: r.sku, locationId: a.locationId });
    }
    return refs;
  }

  private shipmentMovement(s: Shipment, line: Shipment['lines'][number]): InventoryMovement {
    return {
      eventId: `${s.fulfillmentRef}:${line.lineId}`,
      source: 'orders',
      sourceSequence: 0,
      occurredAt: s.occurredAt,
      type: 'shipment',
      sku: line.sku,
      locationId: s.locationId,
      quantity: line.quantity,
      reason: `order ${s.orderId}`,
    };
  }

  private async announce(
    manager: EntityManager,
    s: Shipment,
    r: ReservationRecord,
    quantity: number,
  ) {
    await this.outbox.enqueue<ReservationConsumedEvent>(manager, {
      type: SUBJECTS.RESERVATION_CONSUMED,
      subject: r.id,
      data: {
        reservationId: r.id,
        orderId: r.orderId,
        lineId: r.lineId,
        sku: r.sku,
        locationId: s.locationId,
        quantity,
        consumedAt: new Date().toISOString(),
      },
    });
  }
}
