import type { ReservationRequest, ReservationResult } from '@retail/contracts';

/**
 * Inventory's reservation API, as order-ingestion uses it. InventoryRejectedError is inventory's
 * answer; anything else thrown (DependencyAuthError, DependencyUnavailableError) means "retry
 * the order later".
 */
export abstract class InventoryPort {
  /** Reserves one order line: idempotent per (orderId, lineId) (batched by the HTTP client). */
  abstract reserve(request: ReservationRequest, correlationId: string): Promise<ReservationResult>;
  /** `POST /v1/reservations/{id}/release`; releasing twice is fine. */
  abstract release(reservationId: string, orderId: string, correlationId: string): Promise<void>;
}

/** Inventory refused the request (4xx): retrying the same request will not help. */
export class InventoryRejectedError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`inventory refused (${status}): ${detail}`);
    this.name = 'InventoryRejectedError';
  }
}
