import type { InventoryMovement, MovementType } from '@retail/contracts';
import { applyMovements, BatchState, eventKey } from './apply-movements';
import { emptyPosition, positionKey } from './position-state';

const SKU = 'SKU-1';
const LOC = 'dc-1';
let n = 0;
const mv = (
  type: MovementType,
  sourceSequence: number,
  quantity: number,
  source = 'wms',
): InventoryMovement => ({
  eventId: `e-${++n}`,
  source,
  sourceSequence,
  occurredAt: '2026-11-20T10:00:00Z',
  type,
  sku: SKU,
  locationId: LOC,
  quantity,
});

function freshState(): BatchState {
  return {
    positions: new Map([[positionKey(SKU, LOC), emptyPosition(SKU, LOC)]]),
    watermarks: new Map(),
    seenEvents: new Set(),
    appliedDeltas: new Map(),
  };
}

const onHand = (state: BatchState) => state.positions.get(positionKey(SKU, LOC))!.onHand;

describe('applyMovements', () => {
  it('counts deltas newer than a late snapshot and drops older ones', () => {
    const state = freshState();
    const sut = applyMovements;
    sut([mv('receipt', 5, 10), mv('sale', 7, 2)], state);
    const snap = sut([mv('snapshot', 6, 50)], state);
    expect(snap.results[0].status).toBe('applied');
    expect(onHand(state)).toBe(48);
    const late = sut([mv('receipt', 4, 3), mv('receipt', 8, 1)], state);
    expect(late.results.map((r) => r.status)).toEqual(['stale', 'applied']);
    expect(onHand(state)).toBe(49);
  });

  it('ignores a snapshot older than the last applied one', () => {
    const state = freshState();
    applyMovements([mv('snapshot', 10, 20)], state);
    const out = applyMovements([mv('snapshot', 9, 99), mv('snapshot', 10, 98)], state);
    expect(out.results.map((r) => r.status)).toEqual(['stale', 'stale']);
    expect(onHand(state)).toBe(20);
  });

  it('keeps sources apart: another source is not stale against this one', () => {
    const state = freshState();
    applyMovements([mv('snapshot', 100, 20, 'wms')], state);
    const out = applyMovements([mv('sale', 3, 1, 'pos')], state);
    expect(out.results[0].status).toBe('applied');
    expect(onHand(state)).toBe(19);
  });

  it('reports a repeated eventId as duplicate, within a batch and across batches', () => {
    const state = freshState();
    const first = mv('receipt', 1, 5);
    const out = applyMovements([first, first], state);
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'duplicate']);
    expect(out.ledger).toHaveLength(1);
    expect(state.seenEvents.has(eventKey('wms', first.eventId))).toBe(true);
    expect(applyMovements([first], state).results[0].status).toBe('duplicate');
    expect(onHand(state)).toBe(5);
  });

  it('moves units between on-hand, in-transit and damaged by type', () => {
    const state = freshState();
    applyMovements(
      [
        mv('receipt', 1, 10),
        mv('transfer_out', 2, 3),
        mv('transfer_in', 3, 5),
        mv('damage', 4, 2),
        mv('repair', 5, 1),
        mv('pick', 6, 4),
        mv('adjustment', 7, -1),
      ],
      state,
    );
    expect(state.positions.get(positionKey(SKU, LOC))).toMatchObject({
      onHand: 10 - 3 + 5 - 2 + 1 - 1,
      inTransit: 0,
      damaged: 1,
    });
  });

  it('records the snapshot as the delta that brings on-hand to the count', () => {
    const state = freshState();
    applyMovements([mv('receipt', 1, 7)], state);
    const out = applyMovements([mv('snapshot', 2, 4)], state);
    expect(out.ledger[0].delta.onHand).toBe(-3);
    expect(out.watermarks.get(`wms\u001f${SKU}\u001f${LOC}`)).toBe(2);
  });
});
