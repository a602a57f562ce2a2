import type { Position } from '@retail/contracts';
import { availableOf, PositionState } from '../movements/domain/position-state';

/** The contract's view of a position row. */
export function toPosition(state: PositionState, updatedAt?: Date): Position {
  return {
    sku: state.sku,
    locationId: state.locationId,
    onHand: state.onHand,
    reserved: state.reserved,
    available: availableOf(state),
    inTransit: state.inTransit,
    damaged: state.damaged,
    ...(updatedAt ? { updatedAt: updatedAt.toISOString() } : {}),
  };
}
