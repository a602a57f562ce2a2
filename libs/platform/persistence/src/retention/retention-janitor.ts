import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { counter } from '@retail/platform-observability';
import type { DataSource } from 'typeorm';

/**
 * One table's retention, registered by the module that owns the table. `sql` deletes at most
 * `$2` rows older than `$1` hours, chosen by primary key
 * (`DELETE FROM t WHERE pk IN (SELECT pk FROM t WHERE <older than $1 hours> LIMIT $2)`), so each
 * statement holds its locks briefly and never bloats one transaction.
 */
export interface RetentionRule {
  /** The table; also the `table` label of `retail_retention_deleted_total`. */
  table: string;
  sql: string;
  /** Rows older than this many hours are deleted. */
  hours: number;
}

export interface RetentionSchedule {
  /** Rows per DELETE statement. */
  batchSize: number;
  /** Time between two purges. */
  intervalMs: number;
  /** Delay of the first purge after bootstrap. */
  initialDelayMs: number;
}

export const DEFAULT_RETENTION_SCHEDULE: RetentionSchedule = {
  batchSize: 5000,
  intervalMs: 3_600_000,
  initialDelayMs: 60_000,
};

const metrics = {
  deleted: () =>
    counter('retail_retention_deleted_total', 'Rows deleted by the retention janitor', ['table']),
  failed: () =>
    counter('retail_retention_failures_total', 'Retention purges of a table that failed', [
      'table',
    ]),
};

/**
 * The one purge mechanism of a service: every table with a retention (outbox, inbox,
 * idempotency keys, a service's own answers) is registered here by its owner, and one unref'd
 * timer purges them all in batches: first after `initialDelayMs`, then every `intervalMs`. A
 * table whose purge fails is logged and counted; the others are still purged. Replicas may run
 * at the same time: they only delete the same old rows.
 */
export class RetentionJanitor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionJanitor.name);
  private readonly rules = new Map<string, RetentionRule>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopping = false;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly schedule: RetentionSchedule = DEFAULT_RETENTION_SCHEDULE,
  ) {}

  /** Adds (or replaces, by table) the retention of tables. */
  register(...rules: RetentionRule[]): this {
    for (const rule of rules) this.rules.set(rule.table, rule);
    return this;
  }

  /** The registered tables, in registration order. */
  tables(): string[] {
    return [...this.rules.keys()];
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.scheduleNext(this.schedule.initialDelayMs);
  }

  /** Cancels the next run and waits for a purge in progress to finish its current batch. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** One full purge of every registered table; rows deleted per table. */
  async purge(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const rule of this.rules.values()) {
      try {
        result[rule.table] = await this.purgeTable(rule);
      } catch (err) {
        metrics.failed().inc({ table: rule.table });
        this.logger.warn(`retention purge of ${rule.table} failed: ${errorText(err)}`);
        result[rule.table] = 0;
      }
      if (this.stopping) break;
    }
    const deleted = Object.entries(result).filter(([, n]) => n > 0);
    if (deleted.length > 0)
      this.logger.log(`purged ${deleted.map(([t, n]) => `${n} ${t}`).join(', ')} rows`);
    return result;
  }

  private scheduleNext(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.purge().finally(() => this.scheduleNext(this.schedule.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async purgeTable(rule: RetentionRule): Promise<number> {
    const { batchSize } = this.schedule;
    let total = 0;
    for (;;) {
      const [, affected] = (await this.dataSource.query(rule.sql, [rule.hours, batchSize])) as [
        unknown,
        number,
      ];
      total += affected;
      metrics.deleted().inc({ table: rule.table }, affected);
      // Stopping between batches keeps shutdown fast; the next start resumes the purge.
      if (affected < batchSize || this.stopping) return total;
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
