import { DomainException, FieldError } from '@retail/platform-http';

export const INVENTORY_ERRORS = {
  validationFailed: 'validation-failed',
  reservationNotFound: 'reservation-not-found',
  reservationClosed: 'reservation-closed',
  reservationConflict: 'reservation-conflict',
  staleVersion: 'stale-version',
  unknownLocation: 'unknown-location',
  orderUnknown: 'order-unknown',
} as const;

type InventoryErrorCode = (typeof INVENTORY_ERRORS)[keyof typeof INVENTORY_ERRORS];

/** Every error inventory raises on purpose (problem+json over HTTP, dead letter on NATS). */
export class InventoryException extends DomainException {
  constructor(code: InventoryErrorCode, status: number, detail: string, errors?: FieldError[]) {
    super(code, status, detail, { retryable: false, errors });
  }

  static invalid(errors: FieldError[]): InventoryException {
    return new InventoryException('validation-failed', 422, 'The request is not valid', errors);
  }
}
