/** The back-office system a call went to. */
export type BackofficeSystem = 'erp' | 'wms' | 'payments' | 'tax';

/**
 * Base of every failure an adapter reports. `retryable` tells the caller whether the same call
 * may be sent again (all adapter writes are keyed, so a retry never duplicates a record).
 */
export abstract class BackofficeError extends Error {
  abstract readonly retryable: boolean;

  constructor(
    readonly system: BackofficeSystem,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The system refused the call because of its rate or concurrency limit (HTTP 429). */
export class BackofficeThrottledError extends BackofficeError {
  readonly retryable = true;

  constructor(
    system: BackofficeSystem,
    message: string,
    /** How long the system asked us to wait before the next call. */
    readonly retryAfterMs: number,
    code?: string,
  ) {
    super(system, message, 429, code);
  }
}

/**
 * The system could not be reached or failed (5xx, connection refused, timeout, connection
 * dropped). When `outcomeUnknown` is true the request may have been committed before the
 * failure (timeout, dropped response): retry with the same key, never with a new one.
 */
export class BackofficeUnavailableError extends BackofficeError {
  readonly retryable = true;

  constructor(
    system: BackofficeSystem,
    message: string,
    readonly outcomeUnknown: boolean,
    status?: number,
    code?: string,
  ) {
    super(system, message, status, code);
  }
}

/** The system rejected the request (4xx other than 429): sending it again will not help. */
export class BackofficeRejectedError extends BackofficeError {
  readonly retryable = false;

  constructor(
    system: BackofficeSystem,
    message: string,
    status: number,
    code?: string,
    /** Response body as received, for the exception record. */
    readonly details?: unknown,
  ) {
    super(system, message, status, code);
  }
}

/** The ERP answered 429 (NetSuite: concurrency or request limit exceeded). */
export class ErpThrottledError extends BackofficeThrottledError {}

/** The ERP is down, failing (5xx) or timed out. */
export class ErpUnavailableError extends BackofficeUnavailableError {}

/** The ERP rejected the record (validation, permissions, unknown reference). */
export class ErpRejectedError extends BackofficeRejectedError {}

/** The ERP has no record with that external id (HTTP 404). */
export class ErpNotFoundError extends ErpRejectedError {}

/** Builds the error classes for one system; the ERP gets its own subclasses. */
export interface ErrorFactory {
  throttled(message: string, retryAfterMs: number, code?: string): BackofficeThrottledError;
  unavailable(
    message: string,
    outcomeUnknown: boolean,
    status?: number,
    code?: string,
  ): BackofficeUnavailableError;
  rejected(
    message: string,
    status: number,
    code?: string,
    details?: unknown,
  ): BackofficeRejectedError;
}

export const ERP_ERRORS: ErrorFactory = {
  throttled: (m, ms, c) => new ErpThrottledError('erp', m, ms, c),
  unavailable: (m, u, s, c) => new ErpUnavailableError('erp', m, u, s, c),
  rejected: (m, s, c, d) =>
    s === 404 ? new ErpNotFoundError('erp', m, s, c, d) : new ErpRejectedError('erp', m, s, c, d),
};

export function genericErrors(system: BackofficeSystem): ErrorFactory {
  return {
    throttled: (m, ms, c) => new BackofficeThrottledError(system, m, ms, c),
    unavailable: (m, u, s, c) => new BackofficeUnavailableError(system, m, u, s, c),
    rejected: (m, s, c, d) => new BackofficeRejectedError(system, m, s, c, d),
  };
}

/**
 * The ERP governor gave no permit within its wait limit: the account's concurrency or rate is
 * taken by work of equal or higher priority. Nothing was sent, so a retry is always safe; it is
 * a throttle (retryable, with a delay) so queues back off instead of holding work.
 */
export class ErpBusyError extends ErpThrottledError {
  constructor(message: string, retryAfterMs: number) {
    super('erp', message, retryAfterMs, 'ERP_GOVERNOR_BUSY');
  }
}
