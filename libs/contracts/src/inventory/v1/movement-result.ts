import { IsOptional } from 'class-validator';
import { IsId, IsNested, IsOneOf } from '../../common/v1/decorators';
import { Position } from './position';

/** What happened to a submitted movement. */
export const MOVEMENT_OUTCOMES = ['applied', 'duplicate', 'stale'] as const;
/** What happened to a submitted movement. */
export type MovementOutcome = (typeof MOVEMENT_OUTCOMES)[number];

/** One entry of the answer to `POST /v1/inventory/movements`, in request order. */
export class MovementResult {
  /** The movement's `eventId`. */
  @IsId()
  eventId: string;

  /** `applied`, `duplicate` (eventId seen before) or `stale` (older than the last snapshot). */
  @IsOneOf(MOVEMENT_OUTCOMES)
  status: MovementOutcome;

  /** The position after the movement, when it was applied. */
  @IsOptional()
  @IsNested(() => Position)
  position?: Position;
}
