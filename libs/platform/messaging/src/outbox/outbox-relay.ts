import { Inject, Injectable, Logger } from '@nestjs/common';
import { eventSequence } from '@retail/contracts';
import { withMessageSpan } from '@retail/platform-observability';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { messagingMetrics } from '../metrics';
import { HEADER } from '../nats/headers';
import { JetStreamPublishError, type PublishFailureReason } from '../nats/jetstream-acks';
import { NatsClient } from '../nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';
import { JetStreamClient } from '../transport/jetstream.client';
import { OUTBOX_NOTIFY_CHANNEL } from './outbox.service';

export interface OutboxRow {
  id: string;
  /** The row's outbox position (bigserial, as text): the event's CloudEvents `sequence`. */
  position: string;
  subject: string;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * One relay of a schema publishes at a time, whichever replica it runs in: the batch's
 * transaction first takes this transaction-scoped advisory lock (keyed by the schema), and a
 * relay that finds it taken publishes nothing this round. Two replicas publishing their own
 * batches at once would interleave one aggregate's events in the stream (found by the fault
 * suite's cluster profile); one publisher at a time keeps the stream in outbox order.
 *
 * The same statement turns bitmap scans off for the rest of the batch's transaction (ADR 0051).
 * Marking a row published leaves a dead entry in the partial index of unpublished rows until
 * VACUUM. The planner, expecting a few rows, reads that index with a bitmap scan, and a bitmap
 * scan visits the heap block of every dead entry again on every pass: the relay's SELECT cost
 * 1.1 ms a pass, more as the burst went on, over half of order-ingestion's and inventory's
 * database time in the bench. A plain index scan marks the dead entries it meets (LP_DEAD) and
 * skips them from then on: 0.13 ms against 2.4 ms over 18,000 dead entries.
 */
export const RELAY_LOCK = `SELECT set_config('enable_bitmapscan', 'off', true),
  pg_try_advisory_xact_lock(hashtext('retail.outbox-relay'), hashtext(current_schema())) AS locked`;

/**
 * Why JetStream did not acknowledge an event (`retail_outbox_publish_failures_total{reason}`):
 * no ack in time (the stream or its leader slow or gone), no stream on the subject, or the stream
 * refused it (its error code); anything else (the connection closed meanwhile) is `other`.
 */
export function publishFailureReason(error: unknown): 'timeout' | PublishFailureReason {
  if (error instanceof JetStreamPublishError) return error.reason;
  // The ack inbox's deadline (`JetStreamAckTimeoutError`) and nats.js's own are both named so.
  return (error as { name?: unknown } | null)?.name === 'TimeoutError' ? 'timeout' : 'other';
}

/** How often the relay counts the rows still unpublished (the `outbox pending` gauge). */
const PENDING_SAMPLE_MS = 1000;

export const SELECT_BATCH = `SELECT id, position, subject, payload, headers FROM outbox
  WHERE published_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`;

/**
 * Publishes committed outbox rows to JetStream, in insertion order, at least once. One replica's
 * relay publishes at a time ({@link RELAY_LOCK}); rows stay locked until they are marked
 * published in the same transaction; a crash in between re-publishes them under the same `Nats-Msg-Id`,
 * which JetStream drops within its duplicate window and consumer inboxes drop after it.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  /** The JetStream transport's client: every outbox row is emitted through it. */
  private readonly client: JetStreamClient;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private woken = false;
  private listener: { runner: QueryRunner; detach: () => void } | null = null;
  private listenFailures = 0;
  private pendingSampledAt = 0;
  private subscribed = false;
  private resubscribeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {
    this.client = new JetStreamClient(nats);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.subscribe();
    this.loopDone = this.loop();
  }

  /** Stops polling and waits for the batch in flight to commit. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.resubscribeTimer) clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = null;
    this.notify();
    await this.loopDone;
    await this.unlisten();
  }

  /** True while the LISTEN session is open (false while polling only, e.g. re-subscribing). */
  get listening(): boolean {
    return this.subscribed;
  }

  /** Wakes the relay now (used after local commits; NOTIFY does the same across processes). */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Publishes one batch; returns how many rows were published. */
  async drainOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(RELAY_LOCK);
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(SELECT_BATCH, [this.opts.outbox.batchSize]);
      const published = await this.publishInOrder(manager, rows);
      await this.markPublished(manager, published);
      if (published.length > 0) messagingMetrics.outboxBatches().inc();
      return published.length;
    });
  }

  /**
   * Every row of the batch is sent at once, in position order on the one connection (so
   * JetStream stores them in that order), then the acks are awaited together: one round trip per
   * batch instead of one per row. A row whose publish failed holds back the later rows of its
   * subject (they are not marked, and go again after it under the same `Nats-Msg-Id`); they may
   * already be in the stream, as after a crash before marking (ADR 0027).
   *
   * Every failed publish is recorded (`attempts`, `last_error`), a held-back row's included: when
   * a stream leader changes mid-batch, a held-back row can fail while a later row of its subject
   * is stored, and that row then reaches the stream after the newer one. Its attempts show the
   * first publish failed, which is what the fault suite's order check needs to tell that
   * regression (allowed by ADR 0027) from a relay publishing out of order.
   */
  private async publishInOrder(manager: EntityManager, rows: OutboxRow[]): Promise<string[]> {
    const outcomes = await Promise.all(
      rows.map((row) =>
        this.publish(row).then(
          () => ({ ok: true as const }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
    const published: string[] = [];
    const failed: Array<{ id: string; error: unknown }> = [];
    const blocked = new Set<string>();
    for (const [i, row] of rows.entries()) {
      const outcome = outcomes[i];
      if (!outcome.ok) {
        blocked.add(row.subject);
        failed.push({ id: row.id, error: outcome.error });
      } else if (!blocked.has(row.subject)) {
        published.push(row.id);
      }
    }
    await this.recordFailures(manager, failed);
    return published;
  }

  protected async publish(row: OutboxRow): Promise<void> {
    // The position orders the events of one aggregate: a transaction adds its events after
    // writing (and so locking) the aggregate's row, so a later commit has a higher position.
    const event = { ...(row.payload as object), sequence: eventSequence(row.position) };
    // While tracing, the publish is a producer span under the stored traceparent (the request's
    // or message's that wrote the row) and the message carries the producer span's instead.
    await withMessageSpan(
      {
        name: `${row.subject} publish`,
        kind: 'producer',
        traceparent: row.headers[HEADER.traceparent],
        correlationId: row.headers[HEADER.correlationId],
        attributes: { 'messaging.destination.name': row.subject, 'messaging.message.id': row.id },
      },
      (traceparent) =>
        this.client.publishNow(row.subject, {
          payload: event,
          msgID: row.id,
          headers: traceparent
            ? { ...row.headers, [HEADER.traceparent]: traceparent }
            : row.headers,
        }),
    );
    messagingMetrics.outboxPublished().inc();
  }

  protected async markPublished(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      'UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)',
      [ids],
    );
  }

  private async recordFailures(
    manager: EntityManager,
    failed: Array<{ id: string; error: unknown }>,
  ): Promise<void> {
    if (failed.length === 0) return;
    for (const { error } of failed)
      messagingMetrics.outboxPublishFailures().inc({ reason: publishFailureReason(error) });
    const messages = failed.map(({ error }) =>
      (error instanceof Error ? error.message : String(error)).slice(0, 1000),
    );
    this.logger.warn(
      `outbox publish of ${failed.length} row(s) failed, first ${failed[0].id}: ${messages[0]}`,
    );
    await manager.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = f.message
         FROM unnest($1::uuid[], $2::text[]) AS f(id, message) WHERE outbox.id = f.id`,
      [failed.map((f) => f.id), messages],
    );
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const published = await this.drainOnce().catch((err: unknown) => {
        this.logger.error(`outbox relay batch failed: ${err instanceof Error ? err.message : err}`);
        return 0;
      });
      await this.samplePending();
      if (published >= this.opts.outbox.batchSize) continue;
      await this.sleep(this.opts.outbox.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /**
   * Counts the unpublished rows for the gauge, at most once per PENDING_SAMPLE_MS: counted after
   * every pass, it cost as much as the pass's own SELECT.
   */
  private async samplePending(): Promise<void> {
    if (Date.now() - this.pendingSampledAt < PENDING_SAMPLE_MS) return;
    this.pendingSampledAt = Date.now();
    try {
      const [row] = await this.dataSource.query(
        'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
      );
      messagingMetrics.outboxPending().set(row.n);
    } catch {
      // Metrics must never stop the relay; the next loop samples again.
    }
  }

  /**
   * Opens the LISTEN session. When it fails or is lost later (PostgreSQL restart, failover,
   * pg_terminate_backend), the relay keeps polling and re-subscribes with back-off; once back it
   * drains at once, since NOTIFYs sent while nobody listened are lost.
   */
  private async subscribe(): Promise<void> {
    try {
      await this.listen();
      this.listenFailures = 0;
      this.subscribed = this.listener !== null;
      if (!this.running) await this.unlisten();
    } catch (err) {
      this.logger.warn(`LISTEN ${OUTBOX_NOTIFY_CHANNEL} failed, polling meanwhile: ${err}`);
      await this.unlisten();
      this.scheduleResubscribe();
    }
  }

  private scheduleResubscribe(): void {
    if (!this.running || this.resubscribeTimer) return;
    const delay = listenBackoffMs(this.listenFailures++);
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = null;
      if (!this.running) return;
      void this.subscribe().then(() => {
        if (this.listener) {
          this.logger.log(`LISTEN ${OUTBOX_NOTIFY_CHANNEL} re-established`);
          this.notify();
        }
      });
    }, delay);
    this.resubscribeTimer.unref();
  }

  private onListenerLost(runner: QueryRunner, reason: unknown): void {
    if (this.listener?.runner !== runner) return; // already handled ('error' then 'end')
    this.logger.warn(`LISTEN session lost (${reason}), re-subscribing`);
    void this.unlisten().finally(() => this.scheduleResubscribe());
  }

  private async listen(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const client = await runner.connect();
    const [{ schema }] = await runner.query('SELECT current_schema() AS schema');
    const onNotification = (n: { channel: string; payload?: string }): void => {
      if (n.channel === OUTBOX_NOTIFY_CHANNEL && n.payload === schema) this.notify();
    };
    const onError = (err: unknown): void => this.onListenerLost(runner, err);
    const onEnd = (): void => this.onListenerLost(runner, 'connection ended');
    client.on('notification', onNotification);
    client.on('error', onError);
    client.on('end', onEnd);
    const detach = () => {
      client.removeListener('notification', onNotification);
      client.removeListener('error', onError);
      client.removeListener('end', onEnd);
    };
    this.listener = { runner, detach };
    await runner.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
  }

  private async unlisten(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    this.subscribed = false;
    if (!listener) return;
    await listener.runner.query(`UNLISTEN ${OUTBOX_NOTIFY_CHANNEL}`).catch(() => undefined);
    listener.detach();
    await listener.runner.release().catch(() => undefined);
  }
}

/** Re-subscribe delay after `failures` failed attempts: 100 ms, doubling, at most 30 s. */
export function listenBackoffMs(failures: number): number {
  return Math.min(100 * 2 ** failures, 30_000);
}
