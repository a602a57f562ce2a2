import { rowsOf } from '@retail/platform-persistence';
import { Injectable } from '@nestjs/common';
import { JobStore } from '@retail/platform-jobs';
import { DataSource, EntityManager } from 'typeorm';
import { StepName, StepState, WORKER_STEPS } from '../workflow/step-names';
import type { ReturnRecord } from '../domain/return-record';
import { rowCount } from './returns.repository';

/** The platform jobs queue that runs the automatic steps (key `<returnId>/<step>`). */
export const RETURN_STEPS_QUEUE = 'return-steps';

export const stepJobKey = (returnId: string, step: StepName) => `${returnId}/${step}`;

export function parseStepJobKey(key: string): { returnId: string; step: StepName } {
  const at = key.lastIndexOf('/');
  return { returnId: key.slice(0, at), step: key.slice(at + 1) as StepName };
}

export interface StepRow {
  returnId: string;
  step: StepName;
  state: StepState;
  attempts: number;
  result?: unknown;
  lastError?: string;
  updatedAt: string;
}

type Row = Record<string, any>;

const toStep = (r: Row): StepRow => ({
  returnId: r.return_id,
  step: r.step,
  state: r.state,
  attempts: r.attempts,
  ...(r.result === null ? {} : { result: r.result }),
  ...(r.last_error === null ? {} : { lastError: r.last_error }),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/**
 * The `return_steps` table: one row per step and return, the step's state as the API shows it.
 * When an automatic step becomes due, a job of the platform's durable-work primitive
 * (`@retail/platform-jobs`, queue `return-steps`) is enqueued in the same transaction; the jobs
 * table owns claim, lease, back-off and wake-up (ADR 0017).
 */
@Injectable()
export class StepsRepository {
  constructor(private readonly db: DataSource) {}

  async create(m: EntityManager, returnId: string, states: Partial<Record<StepName, StepState>>) {
    const entries = Object.entries(states) as [StepName, StepState][];
    await m.query(
      `INSERT INTO return_steps (return_id, step, state)
       SELECT $1, s.step, s.state FROM unnest($2::text[], $3::text[]) AS s(step, state)`,
      [returnId, entries.map(([step]) => step), entries.map(([, state]) => state)],
    );
    await this.enqueue(
      m,
      returnId,
      entries.filter(([, state]) => state === 'pending').map(([step]) => step),
    );
  }

  async list(returnId: string): Promise<StepRow[]> {
    const rows = await this.db.query(
      `SELECT * FROM return_steps WHERE return_id = $1 ORDER BY updated_at, step`,
      [returnId],
    );
    return rows.map(toStep);
  }

  /** Marks a step done (from any unfinished state) with its result; false if already done. */
  async complete(m: EntityManager, returnId: string, step: StepName, result?: unknown) {
    const rows = await m.query(
      `UPDATE return_steps SET state = 'done', result = $3, last_error = NULL, updated_at = now()
       WHERE return_id = $1 AND step = $2 AND state <> 'done' RETURNING step`,
      [returnId, step, result === undefined ? null : JSON.stringify(result)],
    );
    return rowCount(rows) > 0;
  }

  async activate(m: EntityManager, returnId: string, steps: StepName[]) {
    if (steps.length === 0) return;
    const rows = await m.query(
      `UPDATE return_steps SET state = 'pending', next_attempt_at = now(), updated_at = now()
       WHERE return_id = $1 AND step = ANY($2) AND state = 'waiting' RETURNING step`,
      [returnId, steps],
    );
    await this.enqueue(
      m,
      returnId,
      rowsOf<Row>(rows).map((r) => r.step as StepName),
    );
  }

  /**
   * The worker took the step's job: `running` with the job's attempt count, or undefined when
   * the step is no longer due (done, skipped after a rejection, compensated).
   */
  async start(returnId: string, step: StepName, attempts: number): Promise<StepRow | undefined> {
    const rows = await this.db.query(
      `UPDATE return_steps SET state = 'running', attempts = $3, updated_at = now()
       WHERE return_id = $1 AND step = $2 AND state IN ('pending', 'running') RETURNING *`,
      [returnId, step, attempts],
    );
    const [row] = rowsOf<Row>(rows);
    return row ? toStep(row) : undefined;
  }

  async retryLater(returnId: string, step: StepName, error: string, delayMs: number) {
    await this.db.query(
      `UPDATE return_steps SET state = 'pending', last_error = $3, updated_at = now(),
         next_attempt_at = now() + make_interval(secs => $4::float8 / 1000)
       WHERE return_id = $1 AND step = $2 AND state = 'running'`,
      [returnId, step, error.slice(0, 1000), delayMs],
    );
  }

  async fail(m: EntityManager, returnId: string, step: StepName, error: string) {
    await m.query(
      `UPDATE return_steps SET state = 'failed', last_error = $3, updated_at = now()
       WHERE return_id = $1 AND step = $2`,
      [returnId, step, error.slice(0, 1000)],
    );
  }

  /** Operator retry: failed steps become due again with a fresh attempt budget. */
  async resetFailed(m: EntityManager, returnId: string): Promise<number> {
    const rows = await m.query(
      `UPDATE return_steps SET state = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
       WHERE return_id = $1 AND state = 'failed' RETURNING step`,
      [returnId],
    );
    await this.enqueue(
      m,
      returnId,
      rowsOf<Row>(rows).map((r) => r.step as StepName),
    );
    return rowCount(rows);
  }

  /**
   * An advance exchange's due check (`advance_due`), made due at the end of its window: the job
   * waits in the queue until then, so the window survives restarts and needs no poller.
   */
  async scheduleAdvanceDue(m: EntityManager, r: ReturnRecord) {
    if (!r.exchange?.advance || !r.exchange.dueBy) return;
    await m.query(
      `UPDATE return_steps SET state = 'pending', next_attempt_at = $3, updated_at = now()
       WHERE return_id = $1 AND step = $2 AND state = 'waiting'`,
      [r.id, 'advance_due', r.exchange.dueBy],
    );
    const delayMs = Date.parse(r.exchange.dueBy) - Date.now();
    await JobStore.enqueue(m, RETURN_STEPS_QUEUE, [
      { key: stepJobKey(r.id, 'advance_due'), delayMs: Math.max(0, delayMs) },
    ]);
  }

  /** Jobs for the automatic steps among `steps` (people do receive and inspect over HTTP). */
  private async enqueue(m: EntityManager, returnId: string, steps: StepName[]) {
    const due = steps.filter((step) => WORKER_STEPS.includes(step));
    await JobStore.enqueue(
      m,
      RETURN_STEPS_QUEUE,
      due.map((step) => ({ key: stepJobKey(returnId, step) })),
    );
  }

  async setStates(m: EntityManager, returnId: string, from: StepState[], to: StepState) {
    await m.query(
      `UPDATE return_steps SET state = $3, updated_at = now() WHERE return_id = $1 AND state = ANY($2)`,
      [returnId, from, to],
    );
  }

  async state(m: EntityManager, returnId: string, step: StepName): Promise<StepState | undefined> {
    const [row] = await m.query(
      `SELECT state FROM return_steps WHERE return_id = $1 AND step = $2`,
      [returnId, step],
    );
    return row?.state;
  }
}
