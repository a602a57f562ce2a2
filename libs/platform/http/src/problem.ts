/** One field-level problem, `field` as a dotted path (`lines.0.quantity`). */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as every service answers them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  correlationId?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const PROBLEM_BASE = 'https://retail-middleware.dev/problems/';

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

/**
 * Base class for every error a service throws on purpose. Aggregates subclass it with their
 * own code enum; the HTTP filter maps `status`, consumers map `retryable` to nak or term.
 */
export class DomainException extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
    readonly options: {
      retryable?: boolean;
      errors?: FieldError[];
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
}

/** A plain HTTP problem, for the cross-cutting rules (auth, idempotency, validation). */
export class ProblemException extends DomainException {
  constructor(
    status: number,
    code: string,
    detail: string,
    errors?: FieldError[],
    extensions?: Record<string, unknown>,
  ) {
    super(code, status, detail, { errors, extensions });
  }
}
