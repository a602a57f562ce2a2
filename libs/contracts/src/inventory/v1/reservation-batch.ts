import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional } from 'class-validator';
import { IsId } from '../../common/v1/decorators';
import { MAX_RESERVATION_BATCH } from '../../common/v1/patterns';
import { ReservationRequest } from './reservation-request';
import type { ReservationResult } from './reservation-result';

/**
 * One entry of `POST /v1/reservations:batch`: a reservation request, optionally with the
 * correlation id of the order it belongs to (carried on its events instead of the call's).
 */
export class ReservationBatchItem extends ReservationRequest {
  @IsOptional()
  @IsId()
  correlationId?: string;
}

/**
 * Body of `POST /v1/reservations:batch`: 1 to 500 reservations, of any orders and SKUs. Each
 * entry is validated and answered on its own (a bad entry never fails its neighbours).
 */
export class ReservationBatchRequest {
  /** Validated entry by entry by the route, so only the envelope is checked here. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RESERVATION_BATCH)
  reservations: ReservationBatchItem[];
}

/** The answer for one entry, at the same index as in the request. */
export class ReservationBatchEntry {
  @IsInt()
  index: number;

  @IsOptional()
  @IsId()
  orderId?: string;

  @IsOptional()
  @IsId()
  lineId?: string;

  /** HTTP status this entry would have had alone: 201, or the problem's 4xx/5xx. */
  @IsInt()
  status: number;

  /** The reservation (status 201): as `POST /v1/reservations` answers it. */
  @IsOptional()
  result?: ReservationResult;

  /** Why this entry was refused (problem+json body), nothing persisted for it. */
  @IsOptional()
  problem?: Record<string, unknown>;
}

/** Response of `POST /v1/reservations:batch` (200): one entry per request entry, in order. */
export class ReservationBatchResult {
  results: ReservationBatchEntry[];
}
