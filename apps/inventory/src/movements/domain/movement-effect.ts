import type { DeltaMovementType } from '@retail/contracts';
import type { PositionDelta, PositionState } from './position-state';

const delta = (onHand: number, inTransit = 0, damaged = 0): PositionDelta => ({
  onHand,
  reserved: 0,
  inTransit,
  damaged,
});

/**
 * What a delta movement does to a position. Quantities are positive except for `adjustment`.
 * In-transit and damaged never go below zero: a `transfer_in` or `repair` larger than what was
 * recorded clears the column and still moves every unit into on-hand (the units are there).
 */
export function movementEffect(
  type: DeltaMovementType,
  quantity: number,
  position: PositionState,
): PositionDelta {
  switch (type) {
    case 'receipt':
    case 'return_restock':
    case 'cancellation':
    case 'adjustment':
      return delta(quantity);
    case 'transfer_in':
      return delta(quantity, -Math.min(quantity, position.inTransit));
    case 'sale':
    case 'shipment':
      return delta(-quantity);
    case 'transfer_out':
      return delta(-quantity, quantity);
    case 'damage':
      return delta(-quantity, 0, quantity);
    case 'repair':
      return delta(quantity, 0, -Math.min(quantity, position.damaged));
    case 'pick':
      // A pick moves units inside the location: ledger only, the position does not change.
      return delta(0);
  }
}
