/** Anything that runs SQL: a DataSource, an EntityManager (inside a transaction), a runner. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** A claimed job, as its handler sees it. */
export interface Job<P = unknown> {
  queue: string;
  key: string;
  payload: P;
  priority: number;
  /** Attempts including this one. */
  attempts: number;
  /** The enqueue count at claim time: a later enqueue makes the job run again after this run. */
  seq: number;
  /** The claiming worker; settling checks it, so a worker whose lease expired changes nothing. */
  owner: string;
  /** The trace of the work that enqueued the job (W3C `traceparent`); its run continues it. */
  traceparent?: string;
  /**
   * Set by `JobWorker` while the handler runs: aborts when the lease was lost (another worker
   * took the job over); a long handler should stop then, its outcome is not applied.
   */
  signal?: AbortSignal;
}

/** Something to enqueue. */
export interface JobDraft<P = unknown> {
  key: string;
  payload?: P;
  /** Lower runs first. */
  priority?: number;
  /** Due after this many ms (0: now). */
  delayMs?: number;
}

/**
 * What a run came to, when the handler did not settle the job itself in its own transaction
 * (`JobStore.complete/retry/kill` with the handler's manager, to save a commit).
 */
export type JobOutcome =
  | { kind: 'done' }
  /** Run again later: `delayMs` (default: back-off on attempts); `countAttempt` false gives it back. */
  | { kind: 'retry'; error?: string; delayMs?: number; countAttempt?: boolean }
  /** Dead-letter: kept with its error for an operator, never run again unless enqueued anew. */
  | { kind: 'dead'; error: string }
  /**
   * The handler already settled the job (complete, retry or kill) in its own transaction;
   * `wakeInMs`: it rescheduled the job that far ahead, so the worker looks again then.
   */
  | { kind: 'settled'; wakeInMs?: number };
