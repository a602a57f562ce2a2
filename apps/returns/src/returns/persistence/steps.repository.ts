import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StepName, StepState } from '../workflow/step-names';
import { rowCount } from './returns.repository';

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

/** The `return_steps` table: one row per step and return, claimed with a lease by the worker. */
@Injectable()
export class StepsRepository {
  constructor(private readonly db: DataSource) {}

  async create(m: EntityManager, returnId: string, states: Partial<Record<StepName, StepState>>) {
    for (const [step, state] of Object.entries(states))
      await m.query(`INSERT INTO return_steps (return_id, step, state) VALUES ($1, $2, $3)`, [
        returnId,
        step,
        state,
      ]);
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
    await m.query(
      `UPDATE return_steps SET state = 'pending', next_attempt_at = now(), updated_at = now()
       WHERE return_id = $1 AND step = ANY($2) AND state = 'waiting'`,
      [returnId, steps],
    );
  }

  /** Claims due steps (pending, or running with an expired lease after a crash). */
  async claimDue(steps: readonly StepName[], leaseMs: number, limit = 10): Promise<StepRow[]> {
    const rows = await this.db.query(
      `UPDATE return_steps s SET state = 'running', attempts = s.attempts + 1,
         next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), updated_at = now()
       WHERE (s.return_id, s.step) IN (
         SELECT return_id, step FROM return_steps
         WHERE state IN ('pending', 'running') AND next_attempt_at <= now() AND step = ANY($1)
         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING s.*`,
      [steps, leaseMs, limit],
    );
    return (Array.isArray(rows[0]) ? rows[0] : rows).map(toStep);
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
    return rowCount(rows);
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
