/**
 * Movement types that add to or subtract from a position. `adjustment` carries a signed quantity;
 * every other delta a positive one whose sign the type implies.
 */
export const DELTA_MOVEMENT_TYPES = [
  'receipt',
  'sale',
  'pick',
  'shipment',
  'cancellation',
  'return_restock',
  'transfer_out',
  'transfer_in',
  'adjustment',
  'damage',
  'repair',
] as const;

/** Movement types that set an absolute count (on-hand) instead of a delta. */
export const ABSOLUTE_MOVEMENT_TYPES = ['snapshot'] as const;

/** Every movement type. */
export const MOVEMENT_TYPES = [...DELTA_MOVEMENT_TYPES, ...ABSOLUTE_MOVEMENT_TYPES] as const;

/** A delta movement type. */
export type DeltaMovementType = (typeof DELTA_MOVEMENT_TYPES)[number];
/** Any movement type. */
export type MovementType = (typeof MOVEMENT_TYPES)[number];
