import type { HttpErrorFactory } from './classify';

/** Base of every failed call to another of our services; `dependency` is its roster name. */
export abstract class DependencyError extends Error {
  abstract readonly retryable: boolean;

  constructor(
    readonly dependency: string,
    /** What went wrong, without the dependency's name (`message` starts with it). */
    readonly detail: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(`${dependency}: ${detail}`);
    this.name = new.target.name;
  }
}

/**
 * The dependency refused our key (401) or its scope (403). A configuration fault, never a
 * business answer: the work waits and is retried once the keys are fixed; an alert fires.
 */
export class DependencyAuthError extends DependencyError {
  readonly retryable = true;
}

/**
 * The dependency could not be reached or failed: network, timeout, 5xx, 408, or 429 (then
 * `retryAfterMs` is its Retry-After). `outcomeUnknown`: the request may have been applied, so
 * retry with the same idempotency key.
 */
export class DependencyUnavailableError extends DependencyError {
  readonly retryable = true;

  constructor(
    dependency: string,
    message: string,
    readonly outcomeUnknown: boolean,
    status?: number,
    code?: string,
    readonly retryAfterMs?: number,
  ) {
    super(dependency, message, status, code);
  }
}

/** The dependency answered another 4xx: a business answer; `problem` is its problem+json. */
export class DependencyRejectedError extends DependencyError {
  readonly retryable = false;

  constructor(
    dependency: string,
    message: string,
    status: number,
    code?: string,
    readonly problem?: unknown,
  ) {
    super(dependency, message, status, code);
  }
}

export const isAuthStatus = (status: number) => status === 401 || status === 403;

/** The error classes of calls to one dependency, for HttpJsonClient. */
export function dependencyErrors(dependency: string): HttpErrorFactory<DependencyError> {
  return {
    throttled: (message, retryAfterMs, code) =>
      new DependencyUnavailableError(dependency, message, false, 429, code, retryAfterMs),
    unavailable: (message, outcomeUnknown, status, code) =>
      new DependencyUnavailableError(dependency, message, outcomeUnknown, status, code),
    rejected: (message, status, code, details) =>
      isAuthStatus(status)
        ? new DependencyAuthError(dependency, message, status, code)
        : new DependencyRejectedError(dependency, message, status, code, details),
  };
}
