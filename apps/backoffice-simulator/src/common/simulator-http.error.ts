/**
 * A deliberate HTTP answer (fault, not found, conflict). The exception filter renders it in
 * the answering system's error format (NetSuite's for ERP routes, problem+json elsewhere).
 */
export class SimulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
    /** Field for validation errors (NetSuite `o:errorPath`). */
    readonly field?: string,
  ) {
    super(detail);
    this.name = 'SimulatorHttpError';
  }
}

/** Thrown after a commit to make the filter destroy the socket instead of answering. */
export class DropConnectionError extends Error {
  constructor() {
    super('response dropped after commit (fault injection)');
    this.name = 'DropConnectionError';
  }
}
