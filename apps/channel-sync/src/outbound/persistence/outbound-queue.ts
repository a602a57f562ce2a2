import { Injectable } from '@nestjs/common';
import { JobStore, type Queryable } from '@retail/platform-jobs';
import type { CancellationPush, RefundPush, ShipmentPush } from '../../channels/channel-outbound';
import {
  AVAILABILITY_JOB,
  jobKey,
  kindOfKey,
  outboundQueue,
  PRIORITY,
  type OutboundKind,
} from '../domain/outbound-kinds';

/** The payload of an order push job. */
export type OrderPushPayload =
  | { kind: 'shipment'; orderId: string; push: ShipmentPush; occurredAt: string }
  | { kind: 'cancellation'; orderId: string; push: CancellationPush; occurredAt: string }
  | { kind: 'acknowledgement'; orderId: string; channelOrderId: string; occurredAt: string }
  | { kind: 'refund'; orderId: string; push: RefundPush; occurredAt: string };

export interface DeadPush {
  key: string;
  kind: OutboundKind | undefined;
  payload: unknown;
  error: string | null;
  attempts: number;
  createdAt: Date;
}

export interface QueueDepth {
  account: string;
  kind: OutboundKind;
  pending: number;
  oldest: Date | null;
  dead: number;
}

/** Our id of a push: its job key, so a redelivered event cannot queue it twice. */
function idOf(payload: OrderPushPayload): string {
  switch (payload.kind) {
    case 'shipment':
      return payload.push.shipmentId;
    case 'cancellation':
      return payload.push.cancellationId;
    case 'refund':
      return payload.push.refundId;
    case 'acknowledgement':
      return payload.orderId;
  }
}

/**
 * The account's outbound jobs in the platform's `jobs` table (queue `outbound.<account>`): one
 * job per order push, keyed by kind and our id, and the one `availability` job that drains the
 * account's pending availability rows. Enqueued in the caller's transaction.
 */
@Injectable()
export class OutboundQueue {
  async enqueueOrderPush(q: Queryable, account: string, payload: OrderPushPayload): Promise<void> {
    const id = idOf(payload);
    await JobStore.enqueue(q, outboundQueue(account), [
      { key: jobKey(payload.kind, id), payload, priority: PRIORITY[payload.kind] },
    ]);
  }

  /** The account's availability rows changed: the drain job runs (again). */
  async availabilityDue(q: Queryable, account: string): Promise<void> {
    await JobStore.enqueue(q, outboundQueue(account), [
      { key: AVAILABILITY_JOB, priority: PRIORITY.availability },
    ]);
  }

  /** Whether a push that goes before availability is due for the account. */
  async urgentDue(q: Queryable, account: string): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `SELECT 1 FROM jobs WHERE queue = $1 AND state = 'pending' AND priority < $2
          AND run_at <= now() LIMIT 1`,
      [outboundQueue(account), PRIORITY.availability],
    );
    return rows.length > 0;
  }

  /** Order pushes per account and kind: pending (incl. running), oldest, dead. */
  async depth(q: Queryable): Promise<QueueDepth[]> {
    const rows: Array<Record<string, any>> = await q.query(
      `SELECT substr(queue, 10) AS account, split_part(key, ':', 1) AS kind,
              count(*) FILTER (WHERE state <> 'dead')::int AS pending,
              min(created_at) FILTER (WHERE state <> 'dead') AS oldest,
              count(*) FILTER (WHERE state = 'dead')::int AS dead
         FROM jobs WHERE queue LIKE 'outbound.%' AND key <> $1
        GROUP BY 1, 2`,
      [AVAILABILITY_JOB],
    );
    return rows
      .filter((r) => kindOfKey(r.kind) !== undefined)
      .map((r) => ({
        account: r.account,
        kind: r.kind as OutboundKind,
        pending: r.pending,
        oldest: r.oldest,
        dead: r.dead,
      }));
  }

  async dead(q: Queryable, account: string, limit = 500): Promise<DeadPush[]> {
    const rows: Array<Record<string, any>> = await q.query(
      `SELECT key, payload, last_error, attempts, created_at FROM jobs
        WHERE queue = $1 AND state = 'dead' ORDER BY created_at LIMIT $2`,
      [outboundQueue(account), limit],
    );
    return rows.map((r) => ({
      key: r.key,
      kind: kindOfKey(r.key),
      payload: r.payload,
      error: r.last_error,
      attempts: r.attempts,
      createdAt: r.created_at,
    }));
  }

  /** Dead pushes run again (all, or those of `keys`); returns how many. */
  async replay(q: Queryable, account: string, keys?: string[]): Promise<number> {
    const dead = (await this.dead(q, account, 10_000)).filter((d) => !keys || keys.includes(d.key));
    await JobStore.enqueue(
      q,
      outboundQueue(account),
      dead.map((d) => ({
        key: d.key,
        payload: d.payload,
        priority: d.kind ? PRIORITY[d.kind] : 0,
      })),
    );
    return dead.length;
  }
}
