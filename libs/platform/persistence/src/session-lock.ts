import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * A session-level PostgreSQL advisory lock held on one dedicated connection for as long as the
 * work runs: one holder per key across every replica (master-data's ERP sync, channel-sync's
 * puller per account), and a crashed process releases it with its connection.
 */
@Injectable()
export class SessionLock {
  constructor(private readonly db: DataSource) {}

  /** The release function, or undefined when another holder has the key. */
  async tryAcquire(key: string): Promise<(() => Promise<void>) | undefined> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [row]: Array<{ locked: boolean }> = await runner.query(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [key],
      );
      if (!row.locked) {
        await runner.release();
        return undefined;
      }
    } catch (err) {
      await runner.release();
      throw err;
    }
    return async () => {
      try {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      } finally {
        await runner.release();
      }
    };
  }
}
