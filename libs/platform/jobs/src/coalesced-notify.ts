import type { Queryable } from './job';

/**
 * Cross-process wake-ups without a NOTIFY in every hot transaction. PostgreSQL serialises the
 * commits of every transaction that issued a NOTIFY, cluster-wide, through their WAL flush (a
 * lock on "database 0" held until commit end, so they lose group commit): on the bench VM an
 * INSERT commits about 3-4x slower with a NOTIFY than without. A hot path (the order intake,
 * the pipeline's one-statement commit) therefore wakes its own process's workers directly after
 * its commit and asks this notifier to tell the other processes: at most one NOTIFY per channel
 * and payload every `intervalMs`, sent on its own after the commit. The listeners' payload is
 * `current_schema() || suffix`, as the in-transaction NOTIFYs send it.
 */
export class CoalescedNotify {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: Queryable,
    private readonly intervalMs = 50,
  ) {}

  /** NOTIFY `channel` with `current_schema() || suffix`, now or at the end of the interval. */
  send(channel: string, suffix: string): void {
    const key = `${channel}\u0000${suffix}`;
    if (this.pending.has(key)) return;
    const wait = (this.last.get(key) ?? 0) + this.intervalMs - Date.now();
    const fire = () => {
      this.pending.delete(key);
      this.last.set(key, Date.now());
      // Lost only if the database is unreachable: the listeners' polling covers it.
      this.db
        .query('SELECT pg_notify($1, current_schema() || $2)', [channel, suffix])
        .catch(() => undefined);
    };
    if (wait <= 0) return fire();
    const timer = setTimeout(fire, wait);
    timer.unref();
    this.pending.set(key, timer);
  }

  /** Drops what is still scheduled (shutdown). */
  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
