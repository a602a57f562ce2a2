/** The quantities of one SKU at one location (the `positions` row). */
export interface PositionState {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  inTransit: number;
  damaged: number;
}

/** Change of each position column caused by one ledger entry. */
export interface PositionDelta {
  onHand: number;
  reserved: number;
  inTransit: number;
  damaged: number;
}

export const NO_DELTA: PositionDelta = { onHand: 0, reserved: 0, inTransit: 0, damaged: 0 };

/** `sku` + unit separator + `locationId`: the key of a position in maps. */
export function positionKey(sku: string, locationId: string): string {
  return `${sku}\u001f${locationId}`;
}

export function emptyPosition(sku: string, locationId: string): PositionState {
  return { sku, locationId, onHand: 0, reserved: 0, inTransit: 0, damaged: 0 };
}

export function applyDelta(position: PositionState, delta: PositionDelta): PositionState {
  return {
    ...position,
    onHand: position.onHand + delta.onHand,
    reserved: position.reserved + delta.reserved,
    inTransit: position.inTransit + delta.inTransit,
    damaged: position.damaged + delta.damaged,
  };
}

/** Units no reservation holds, less a safety stock; never below zero. */
export function availableOf(position: PositionState, safetyStock = 0): number {
  return Math.max(0, position.onHand - position.reserved - safetyStock);
}
