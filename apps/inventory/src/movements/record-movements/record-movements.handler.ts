import { Inject, Injectable } from '@nestjs/common';
import {
  InventoryMovement,
  MovementRecordedEvent,
  MovementResult,
  movementRecordedSubject,
  partitionOf,
} from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { OUTBOX_NOTIFY_SQL, outboxInsertSql, OutboxService } from '@retail/platform-messaging';
import { DataSource, EntityManager } from 'typeorm';
import { RequestCombiner } from '../../common/group-commit';
import { WriteGate } from '../../common/keyed-gate';
import { inventoryMetrics } from '../../common/metrics';
import { erpPendingSql, markDirtySql, StockEffects } from '../../common/stock-effects';
import { withTxRetry } from '../../common/transaction-retry';
import type { InventoryConfig } from '../../config/env';
import { ledgerInsertSql, ledgerJson } from '../../ledger/ledger.store';
import {
  PositionStore,
  positionsJson,
  positionsUpdateSql,
} from '../../positions/persistence/position.store';
import { toPosition } from '../../positions/to-position';
import { AvailabilityView } from '../../availability/view/availability-view';
import { applyMovements, BatchOutcome, LedgerEntry } from '../domain/apply-movements';
import { PositionState, positionKey } from '../domain/position-state';
import { MovementStateLoader } from '../persistence/movement-state.loader';

/** Most movements one combined transaction applies (requests are never split). */
const MAX_COMBINED = 2000;

/**
 * Records a batch of movements in ONE transaction: positions locked in a fixed order, the
 * contract's duplicate/stale/applied rules applied in request order, ledger, positions,
 * snapshot watermarks, dirty marks, ERP queue and `movement.recorded` events written together.
 * Requests that arrive while a transaction runs are applied together by the next one (group
 * commit, in arrival order: ADR 0033), so concurrent batches over the same positions pay one
 * lock wait and one commit per group instead of queueing on each other's row locks. The
 * JetStream lanes apply each partition's batch in a transaction of its own (`applyPartition`,
 * ADR 0047), in parallel: partitions never share a position.
 */
@Injectable()
export class RecordMovementsHandler {
  private readonly combiner = new RequestCombiner<InventoryMovement, MovementResult>(
    (movements) => this.applyNow(movements),
    MAX_COMBINED,
  );

  constructor(
    private readonly db: DataSource,
    private readonly positions: PositionStore,
    private readonly loader: MovementStateLoader,
    private readonly effects: StockEffects,
    private readonly outbox: OutboxService,
    private readonly gate: WriteGate,
    private readonly view: AvailabilityView,
    @Inject(SERVICE_CONFIG) private readonly config: InventoryConfig,
  ) {}

  /** Applies `movements` (one request: all in one transaction), joining the current group. */
  async execute(movements: InventoryMovement[]): Promise<MovementResult[]> {
    if (movements.length === 0) return [];
    return this.combiner.submit(movements);
  }

  /**
   * Applies one stream partition's batch in a transaction of its own, outside the group commit:
   * the positions of two partitions are disjoint (`partitionOf(sku, location)`), so the lanes'
   * transactions do not wait on each other's row locks and run in parallel. A command sent to
   * the wrong partition stays correct: the row locks still order the writers.
   */
  async applyPartition(movements: InventoryMovement[]): Promise<MovementResult[]> {
    if (movements.length === 0) return [];
    return this.applyNow(movements);
  }

  private async applyNow(movements: InventoryMovement[]): Promise<MovementResult[]> {
    const outcome = await this.gate
      .run(undefined, () => this.transaction(movements))
      .catch((err) => {
        inventoryMetrics.movements().inc({ outcome: 'failed' }, movements.length);
        throw err;
      });
    observe(outcome);
    this.view.written(finalPositions(outcome));
    return outcome.results.map((r) => ({
      eventId: r.eventId,
      status: r.status,
      ...(r.position ? { position: toPosition(r.position) } : {}),
    }));
  }

  /**
   * Positions usually exist, so the first attempt skips creating them; when one is missing
   * the attempt rolls back, the rows are created outside it, and it runs again.
   */
  private async transaction(movements: InventoryMovement[]): Promise<BatchOutcome> {
    const run = () =>
      withTxRetry(() => this.db.transaction((manager) => this.executeIn(manager, movements)));
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof MissingPositionsError)) throw err;
      await this.positions.ensure(movements);
      return run();
    }
  }

  /**
   * Inside the caller's transaction (positions must exist: see `PositionStore.ensure`). Three
   * statements whatever the batch size: lock the positions (in a fixed order), load the ledger
   * state the rules need, write everything (`WRITE_SQL`).
   */
  async executeIn(manager: EntityManager, movements: InventoryMovement[]): Promise<BatchOutcome> {
    const locked = await this.positions.lock(manager, movements);
    const wanted = new Set(movements.map((m) => positionKey(m.sku, m.locationId)));
    if (locked.size < wanted.size) throw new MissingPositionsError();
    const state = await this.loader.load(manager, movements, locked);
    const outcome = applyMovements(movements, state);
    if (outcome.ledger.length === 0) return outcome; // only duplicates: nothing to write
    const applied = outcome.ledger.filter((e) => e.status === 'applied');
    const changed = new Set(applied.map((e) => positionKey(e.movement.sku, e.movement.locationId)));
    const effects = this.effects.prepare(applied.map(toStockChange));
    await manager.query(WRITE_SQL, [
      ledgerJson(outcome.ledger.map(toLedgerRow)),
      positionsJson([...state.positions].filter(([k]) => changed.has(k)).map(([, p]) => p)),
      watermarksJson(outcome.watermarks),
      effects.dirty,
      effects.erp,
      this.events(applied),
    ]);
    return outcome;
  }

  /** The outbox rows (`movement.recorded` per applied movement) as `outboxInsertSql`'s parameter. */
  private events(applied: LedgerEntry[]): string {
    if (this.config.env.INVENTORY_PUBLISH_MOVEMENTS !== 'true' || applied.length === 0) return '[]';
    const partitions = this.config.env.INVENTORY_PARTITIONS;
    const recordedAt = new Date().toISOString();
    return this.outbox.prepare<MovementRecordedEvent>(
      applied.map(({ movement, after }) => ({
        type: movementRecordedSubject(partitionOf(movement.sku, movement.locationId, partitions)),
        subject: `${movement.sku}@${movement.locationId}`,
        data: { movement: { ...movement }, position: toPosition(after), recordedAt },
      })),
    ).rows;
  }
}

/**
 * Everything a batch writes, as one statement of data-modifying CTEs (each a multi-row insert or
 * update from a jsonb parameter): ledger rows, positions (locked by this transaction), snapshot
 * watermarks (only ever written under the positions' locks), dirty marks (appended: no wait on
 * the flusher), the ERP queue (sorted) and the outbox rows, with the
 * NOTIFY that wakes the relays only when there are events.
 */
const WRITE_SQL = `
  WITH ledger AS (${ledgerInsertSql('$1')} RETURNING 1),
       saved AS (${positionsUpdateSql('$2')} RETURNING 1),
       marks AS (
         INSERT INTO source_watermarks (source, sku, location_id, snapshot_sequence)
         SELECT w.source, w.sku, w.location_id, w.seq
           FROM jsonb_to_recordset($3::jsonb) AS w(source varchar, sku varchar, location_id varchar, seq bigint)
          ORDER BY 2, 3, 1
         ON CONFLICT (sku, location_id, source) DO UPDATE
           SET snapshot_sequence = GREATEST(source_watermarks.snapshot_sequence, EXCLUDED.snapshot_sequence)
         RETURNING 1),
       dirty AS (${markDirtySql('$4')} RETURNING 1),
       erp AS (${erpPendingSql('$5')} RETURNING 1),
       events AS (${outboxInsertSql('$6')} RETURNING 1)
  SELECT ${OUTBOX_NOTIFY_SQL} FROM (SELECT 1 FROM events LIMIT 1) AS any_event`;

function watermarksJson(marks: Map<string, number>): string {
  return JSON.stringify(
    [...marks.entries()].map(([key, seq]) => {
      const [source, sku, location_id] = key.split('\u001f');
      return { source, sku, location_id, seq };
    }),
  );
}

function toLedgerRow(e: LedgerEntry) {
  const m = e.movement;
  return {
    source: m.source,
    eventId: m.eventId,
    sourceSequence: m.sourceSequence,
    type: m.type,
    sku: m.sku,
    locationId: m.locationId,
    quantity: m.quantity,
    status: e.status,
    delta: e.delta,
    onHandAfter: e.after.onHand,
    reason: m.reason,
    occurredAt: m.occurredAt,
  };
}

const toStockChange = (e: LedgerEntry) => ({
  sku: e.movement.sku,
  locationId: e.movement.locationId,
  onHandDelta: e.delta.onHand,
  source: e.movement.source,
});

/** Each changed position as the batch left it (its last applied ledger entry). */
function finalPositions(outcome: BatchOutcome): PositionState[] {
  const last = new Map<string, PositionState>();
  for (const e of outcome.ledger)
    if (e.status === 'applied') last.set(positionKey(e.after.sku, e.after.locationId), e.after);
  return [...last.values()];
}

function observe(outcome: BatchOutcome): void {
  const counter = inventoryMetrics.movements();
  for (const r of outcome.results) counter.inc({ outcome: r.status });
  const lag = inventoryMetrics.updateLag();
  const now = Date.now();
  for (const e of outcome.ledger) {
    if (e.status !== 'applied') continue;
    const seconds = (now - Date.parse(e.movement.occurredAt)) / 1000;
    lag.observe({ location: e.movement.locationId }, Math.max(0, seconds));
  }
}

/** A position row the batch needs does not exist yet (created outside the transaction). */
export class MissingPositionsError extends Error {}
