import { Injectable } from '@nestjs/common';
import type {
  ReservationAllocation,
  ReservationRequest,
  ReservationStatus,
} from '@retail/contracts';
import { v7 as uuidv7 } from 'uuid';
import { EntityManager } from 'typeorm';

export type ReservationState = 'active' | 'released' | 'consumed' | 'expired';

export interface ReservationRecord {
  id: string;
  orderId: string;
  lineId: string;
  sku: string;
  channel: string;
  requested: number;
  locationScope: string | null;
  outcome: ReservationStatus;
  state: ReservationState;
  createdAt: Date;
  expiresAt: Date;
}

export interface AllocationRecord extends ReservationAllocation {
  open: number;
}

const COLUMNS = `id, order_id AS "orderId", line_id AS "lineId", sku, channel, requested,
  location_scope AS "locationScope", outcome, state, created_at AS "createdAt", expires_at AS "expiresAt"`;

/** Reservation rows; one per (orderId, lineId), which makes a retried line find its first answer. */
@Injectable()
export class ReservationStore {
  /**
   * Inserts a reservation per request unless its order line already has one (possibly an
   * earlier request of the same batch). A concurrent insert of the same line elsewhere waits on
   * the unique key and then finds the winner's row. Answers in request order.
   */
  async claimMany(
    manager: EntityManager,
    reqs: ReservationRequest[],
    ttlMinutes: number,
  ): Promise<Array<{ created: boolean; reservation: ReservationRecord }>> {
    const ids = reqs.map(() => uuidv7());
    const inserted: ReservationRecord[] = await manager.query(
      `INSERT INTO reservations (id, order_id, line_id, sku, channel, requested, location_scope,
                                 outcome, state, expires_at)
       SELECT id, o, l, s, c, q, sc, 'backordered', 'active', now() + make_interval(mins => $8)
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[],
                     $6::int[], $7::varchar[]) WITH ORDINALITY AS t(id, o, l, s, c, q, sc, n)
        ORDER BY n
       ON CONFLICT (order_id, line_id) DO NOTHING RETURNING ${COLUMNS}`,
      [
        ids,
        reqs.map((r) => r.orderId),
        reqs.map((r) => r.lineId),
        reqs.map((r) => r.sku),
        reqs.map((r) => r.channel),
        reqs.map((r) => r.quantity),
        reqs.map((r) => r.locationId ?? null),
        ttlMinutes,
      ],
    );
    const created = new Map(inserted.map((r) => [r.id, r]));
    const lines =
      inserted.length < reqs.length ? await this.byOrderLines(manager, reqs) : new Map();
    return reqs.map((req, i) =>
      created.has(ids[i])
        ? { created: true, reservation: created.get(ids[i])! }
        : { created: false, reservation: lines.get(`${req.orderId}\u001f${req.lineId}`)! },
    );
  }

  private async byOrderLines(manager: EntityManager, reqs: ReservationRequest[]) {
    const rows: ReservationRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM reservations
        WHERE (order_id, line_id) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))`,
      [reqs.map((r) => r.orderId), reqs.map((r) => r.lineId)],
    );
    return new Map(rows.map((r) => [`${r.orderId}\u001f${r.lineId}`, r]));
  }

  async byId(
    manager: EntityManager,
    id: string,
    lock = false,
  ): Promise<ReservationRecord | undefined> {
    const rows: ReservationRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM reservations WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0];
  }

  async byOrderLine(
    manager: EntityManager,
    orderId: string,
    lineId: string,
    lock = false,
  ): Promise<ReservationRecord | undefined> {
    const rows: ReservationRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM reservations WHERE order_id = $1 AND line_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [orderId, lineId],
    );
    return rows[0];
  }

  async allocations(manager: EntityManager, id: string): Promise<AllocationRecord[]> {
    return manager.query(
      `SELECT location_id AS "locationId", quantity, open FROM reservation_allocations
        WHERE reservation_id = $1 ORDER BY location_id`,
      [id],
    );
  }

  async setOutcome(manager: EntityManager, id: string, outcome: ReservationStatus): Promise<void> {
    await manager.query(`UPDATE reservations SET outcome = $2 WHERE id = $1`, [id, outcome]);
  }

  async close(manager: EntityManager, id: string, state: ReservationState): Promise<void> {
    await manager.query(
      `UPDATE reservations SET state = $2, closed_at = now() WHERE id = $1 AND state = 'active'`,
      [id, state],
    );
  }
}
