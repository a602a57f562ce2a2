import { rowsOf } from '@retail/platform-persistence';
import type { EntityManager } from 'typeorm';

/**
 * Rows of an `UPDATE ... RETURNING`. TypeORM's postgres driver answers UPDATE and DELETE with
 * `[rows, rowCount]` instead of the rows, unlike SELECT and INSERT.
 */
export async function updateReturning<T>(
  m: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  return rowsOf<T>(await m.query(sql, params));
}
