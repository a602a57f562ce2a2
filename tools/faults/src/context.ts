import pg from 'pg';
import type { History } from './http';
import type { FaultStack, ServiceName } from './infra/stack';
import type { Catalog } from './payloads';
import type { Rng } from './prng';
import type { Profile } from './options';

/** What every phase gets: the stack, the seeded randomness, the history and a log line. */
export interface Ctx {
  stack: FaultStack;
  rng: Rng;
  history: History;
  catalog: Catalog;
  profile: Profile;
  db: pg.Pool;
  log: (msg: string) => void;
  /** Steps skipped because a route answered 404/501: `phase: route`. */
  notRun: string[];
}

/** A 404 or 501 from the router itself: the route is not implemented (yet). */
export function isRouteMissing(status: number | undefined, text: string): boolean {
  if (status === 501) return true;
  if (status !== 404) return false;
  return /Route \w+:\S+ not found|Cannot (GET|POST|PUT|DELETE|PATCH) \//.test(text);
}

/** SQL against the private cluster; on failure (table not there yet...) the error is returned. */
export async function query<T = any>(
  ctx: Pick<Ctx, 'db'>,
  sql: string,
  params: unknown[] = [],
): Promise<{ rows: T[]; error?: string }> {
  try {
    const res = await ctx.db.query(sql, params);
    return { rows: res.rows as T[] };
  } catch (err) {
    return { rows: [], error: (err as Error).message };
  }
}

export type { ServiceName };
