import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { messagingMetrics } from '../metrics';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';

export interface RetentionPurgeResult {
  outbox: number;
  inbox: number;
}

// One statement deletes at most $2 rows, chosen by primary key, so each statement holds its
// locks briefly and never bloats one transaction; the janitor repeats until a batch is short.
const PURGE_OUTBOX = `DELETE FROM outbox WHERE id IN (
  SELECT id FROM outbox
  WHERE published_at IS NOT NULL AND published_at < now() - make_interval(hours => $1)
  LIMIT $2)`;

const PURGE_INBOX = `DELETE FROM inbox WHERE (consumer, message_id) IN (
  SELECT consumer, message_id FROM inbox
  WHERE received_at < now() - make_interval(hours => $1)
  LIMIT $2)`;

/**
 * Deletes published outbox rows older than `retention.outboxHours` and inbox rows older than
 * `retention.inboxHours`, in batches, on an unref'd timer (first run after
 * `initialDelayMs`, then every `intervalMs`). Unpublished outbox rows are never deleted.
 */
@Injectable()
export class RetentionJanitor {
  private readonly logger = new Logger(RetentionJanitor.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopping = false;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.schedule(this.opts.retention.initialDelayMs);
  }

  /** Cancels the next run and waits for a purge in progress to finish its current batch. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** One full purge of both tables. */
  async purge(): Promise<RetentionPurgeResult> {
    const { outboxHours, inboxHours } = this.opts.retention;
    const outbox = await this.purgeTable('outbox', PURGE_OUTBOX, outboxHours);
    const inbox = await this.purgeTable('inbox', PURGE_INBOX, inboxHours);
    if (outbox + inbox > 0) this.logger.log(`purged ${outbox} outbox and ${inbox} inbox rows`);
    return { outbox, inbox };
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.purge()
        .catch((err: unknown) => this.logger.warn(`retention purge failed: ${errorText(err)}`))
        .finally(() => this.schedule(this.opts.retention.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async purgeTable(table: string, sql: string, hours: number): Promise<number> {
    const { batchSize } = this.opts.retention;
    let total = 0;
    for (;;) {
      const [, affected] = (await this.dataSource.query(sql, [hours, batchSize])) as [
        unknown,
        number,
      ];
      total += affected;
      messagingMetrics.retentionDeleted().inc({ table }, affected);
      // Stopping between batches keeps shutdown fast; the next start resumes the purge.
      if (affected < batchSize || this.stopping) return total;
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
