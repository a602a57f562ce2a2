import type { InventoryMovement, MovementOutcome } from '@retail/contracts';
import { movementEffect } from './movement-effect';
import { applyDelta, NO_DELTA, PositionDelta, positionKey, PositionState } from './position-state';

/** What the batch needs to know about the ledger, loaded under the positions' locks. */
export interface BatchState {
  /** Every position the batch touches, by `positionKey`. */
  positions: Map<string, PositionState>;
  /** Last applied snapshot sequence, by `sourceKey`. */
  watermarks: Map<string, number>;
  /** `eventKey`s already in the ledger. */
  seenEvents: Set<string>;
  /** Applied deltas already in the ledger, by `sourceKey` (only for sources sending a snapshot). */
  appliedDeltas: Map<string, AppliedDelta[]>;
}

export interface AppliedDelta {
  sequence: number;
  onHand: number;
}

/** One row for the ledger: the movement, whether it applied, and what it did. */
export interface LedgerEntry {
  movement: InventoryMovement;
  status: Exclude<MovementOutcome, 'duplicate'>;
  delta: PositionDelta;
  after: PositionState;
}

export interface MovementOutcomeEntry {
  eventId: string;
  status: MovementOutcome;
  position?: PositionState;
}

export interface BatchOutcome {
  results: MovementOutcomeEntry[];
  ledger: LedgerEntry[];
  /** Snapshot sequences to store, by `sourceKey`. */
  watermarks: Map<string, number>;
}

export const sourceKey = (source: string, sku: string, locationId: string) =>
  `${source}\u001f${sku}\u001f${locationId}`;
export const eventKey = (source: string, eventId: string) => `${source}\u001f${eventId}`;

/**
 * Applies a batch in request order, per (source, sku, location):
 * - a repeated eventId is a duplicate;
 * - a snapshot not newer than the last applied one is stale; otherwise on-hand becomes its count
 *   plus every applied delta of the same source with a higher sequence (those units moved after
 *   the count was taken, whatever order the messages arrived in);
 * - a delta not newer than the last applied snapshot is stale (already inside that count);
 * - every other delta applies.
 * Mutates `state.positions`; the caller holds the positions' row locks.
 */
export function applyMovements(movements: InventoryMovement[], state: BatchState): BatchOutcome {
  const outcome: BatchOutcome = { results: [], ledger: [], watermarks: new Map() };
  for (const movement of movements) {
    const key = eventKey(movement.source, movement.eventId);
    if (state.seenEvents.has(key)) {
      outcome.results.push({ eventId: movement.eventId, status: 'duplicate' });
      continue;
    }
    state.seenEvents.add(key);
    const entry = applyOne(movement, state, outcome);
    outcome.ledger.push(entry);
    outcome.results.push({
      eventId: movement.eventId,
      status: entry.status,
      ...(entry.status === 'applied' ? { position: entry.after } : {}),
    });
  }
  return outcome;
}

function applyOne(m: InventoryMovement, state: BatchState, outcome: BatchOutcome): LedgerEntry {
  const pKey = positionKey(m.sku, m.locationId);
  const position = state.positions.get(pKey);
  if (!position) throw new RangeError(`position ${m.sku}@${m.locationId} was not loaded`);
  const sKey = sourceKey(m.source, m.sku, m.locationId);
  const watermark = state.watermarks.get(sKey);
  if (watermark !== undefined && m.sourceSequence <= watermark) {
    return { movement: m, status: 'stale', delta: NO_DELTA, after: position };
  }
  const delta = m.type === 'snapshot' ? snapshotDelta(m, state, position) : deltaOf(m, position);
  if (m.type === 'snapshot') {
    state.watermarks.set(sKey, m.sourceSequence);
    outcome.watermarks.set(sKey, m.sourceSequence);
  } else {
    const list = state.appliedDeltas.get(sKey) ?? [];
    list.push({ sequence: m.sourceSequence, onHand: delta.onHand });
    state.appliedDeltas.set(sKey, list);
  }
  const after = applyDelta(position, delta);
  state.positions.set(pKey, after);
  return { movement: m, status: 'applied', delta, after };
}

function deltaOf(m: InventoryMovement, position: PositionState): PositionDelta {
  if (m.type === 'snapshot') throw new RangeError('snapshot is not a delta');
  return movementEffect(m.type, m.quantity, position);
}

function snapshotDelta(
  m: InventoryMovement,
  state: BatchState,
  position: PositionState,
): PositionDelta {
  const later = (state.appliedDeltas.get(sourceKey(m.source, m.sku, m.locationId)) ?? [])
    .filter((d) => d.sequence > m.sourceSequence)
    .reduce((sum, d) => sum + d.onHand, 0);
  return { ...NO_DELTA, onHand: m.quantity + later - position.onHand };
}
