import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface SyncPosition {
  runId: string;
  cursor: string | null;
  pages: number;
  items: number;
  resumed: boolean;
}

// One statement: a finished (or never run) sync starts over; anything else (running after a
// crash, paused, failed) resumes from its stored cursor with its run id and counters.
const BEGIN = `INSERT INTO sync_state AS s (name, cursor, status, run_id, started_at, pages, items)
  VALUES ($1, NULL, 'running', $2, now(), 0, 0)
  ON CONFLICT (name) DO UPDATE SET
    cursor = CASE WHEN s.status = 'completed' THEN NULL ELSE s.cursor END,
    run_id = CASE WHEN s.status = 'completed' THEN EXCLUDED.run_id ELSE s.run_id END,
    started_at = CASE WHEN s.status = 'completed' THEN now() ELSE s.started_at END,
    pages = CASE WHEN s.status = 'completed' THEN 0 ELSE s.pages END,
    items = CASE WHEN s.status = 'completed' THEN 0 ELSE s.items END,
    status = 'running', completed_at = NULL, last_error = NULL, updated_at = now()
  RETURNING run_id, cursor, pages, items`;

const ADVANCE = `UPDATE sync_state SET cursor = $2, pages = pages + 1, items = items + $3,
    status = CASE WHEN $2::text IS NULL THEN 'completed' ELSE status END,
    completed_at = CASE WHEN $2::text IS NULL THEN now() ELSE completed_at END,
    updated_at = now()
  WHERE name = $1`;

/** Progress of cursor-paged syncs, one row per sync name. */
@Injectable()
export class SyncStateStore {
  constructor(private readonly db: DataSource) {}

  async begin(name: string, runId: string): Promise<SyncPosition> {
    const [row]: Array<{ run_id: string; cursor: string | null; pages: number; items: number }> =
      await this.db.query(BEGIN, [name, runId]);
    const resumed = row.cursor !== null || row.pages > 0;
    return { runId: row.run_id, cursor: row.cursor, pages: row.pages, items: row.items, resumed };
  }

  /** In the page's transaction: the next cursor (null = done) and the page's item count. */
  advance(m: EntityManager, name: string, nextCursor: string | null, items: number) {
    return m.query(ADVANCE, [name, nextCursor, items]);
  }

  async mark(name: string, status: 'paused' | 'failed', error?: string): Promise<void> {
    await this.db.query(
      'UPDATE sync_state SET status = $2, last_error = $3, updated_at = now() WHERE name = $1',
      [name, status, error ?? null],
    );
  }

  async read(name: string): Promise<Record<string, unknown> | undefined> {
    const [row]: Array<Record<string, unknown>> = await this.db.query(
      `SELECT name, status, run_id AS "runId", cursor IS NOT NULL AS "hasCursor", pages, items,
              started_at AS "startedAt", completed_at AS "completedAt", last_error AS "lastError",
              updated_at AS "updatedAt"
         FROM sync_state WHERE name = $1`,
      [name],
    );
    return row;
  }
}
