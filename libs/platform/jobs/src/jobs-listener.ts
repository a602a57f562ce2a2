import { Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { CoalescedNotify } from './coalesced-notify';
import { JOBS_NOTIFY_CHANNEL } from './job-store';

/** Re-subscribe delay after `failures` failed attempts: 100 ms, doubling, at most 30 s. */
const resubscribeMs = (failures: number) => Math.min(100 * 2 ** failures, 30_000);

/**
 * One LISTEN session per process for every job queue of the service: an enqueue NOTIFYs
 * `<schema>.<queue>` at commit and the queue's workers wake at once, on every replica. When the
 * session is lost (restart, failover) it re-subscribes with back-off and wakes everybody, since
 * notifications sent meanwhile are lost; the workers' polling covers the gap.
 */
export class JobsListener {
  private readonly logger = new Logger(JobsListener.name);
  private readonly subscribers = new Map<string, Set<() => boolean | void>>();
  private runner: QueryRunner | null = null;
  private schema = '';
  private running = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;

  private readonly notifier: CoalescedNotify;

  constructor(private readonly db: DataSource) {
    this.notifier = new CoalescedNotify(db);
  }

  /**
   * `queue` got work in a commit of this process that sent no NOTIFY of its own: wakes this
   * process's workers now; only when none of them has a free lane to take it are the other
   * processes told, with a coalesced NOTIFY (CoalescedNotify). Their polling covers the rest.
   */
  announce(queue: string): void {
    let taken = false;
    this.subscribers.get(queue)?.forEach((wake) => {
      if (wake() === true) taken = true;
    });
    if (!taken) this.notifier.send(JOBS_NOTIFY_CHANNEL, `.${queue}`);
  }

  /**
   * Calls `wake` whenever `queue` gets work; returns the unsubscribe function. `wake` returns
   * true when it will take new work at once (a free lane): `announce` then tells nobody else.
   */
  subscribe(queue: string, wake: () => boolean | void): () => void {
    const set = this.subscribers.get(queue) ?? new Set();
    set.add(wake);
    this.subscribers.set(queue, set);
    return () => set.delete(wake);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notifier.close();
    if (this.timer) clearTimeout(this.timer);
    await this.disconnect();
  }

  private wakeAll(): void {
    for (const set of this.subscribers.values()) set.forEach((wake) => wake());
  }

  private async connect(): Promise<void> {
    try {
      const runner = this.db.createQueryRunner();
      const client = await runner.connect();
      this.runner = runner;
      [{ schema: this.schema }] = await runner.query('SELECT current_schema() AS schema');
      client.on('notification', (n: { channel: string; payload?: string }) => {
        if (n.channel !== JOBS_NOTIFY_CHANNEL || !n.payload?.startsWith(`${this.schema}.`)) return;
        const queue = n.payload.slice(this.schema.length + 1);
        this.subscribers.get(queue)?.forEach((wake) => wake());
      });
      client.on('error', (err: Error) => this.lost(runner, err.message));
      client.on('end', () => this.lost(runner, 'connection ended'));
      await runner.query(`LISTEN ${JOBS_NOTIFY_CHANNEL}`);
      if (this.failures > 0) this.logger.log(`LISTEN ${JOBS_NOTIFY_CHANNEL} re-established`);
      this.failures = 0;
      this.wakeAll();
    } catch (err) {
      this.logger.warn(`LISTEN ${JOBS_NOTIFY_CHANNEL} failed, polling meanwhile: ${err}`);
      await this.disconnect();
      this.retry();
    }
  }

  private lost(runner: QueryRunner, reason: string): void {
    if (this.runner !== runner) return;
    this.logger.warn(`LISTEN ${JOBS_NOTIFY_CHANNEL} lost (${reason}), re-subscribing`);
    void this.disconnect().finally(() => this.retry());
  }

  private retry(): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) void this.connect();
    }, resubscribeMs(this.failures++));
    this.timer.unref();
  }

  private async disconnect(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    await runner.query(`UNLISTEN ${JOBS_NOTIFY_CHANNEL}`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}
