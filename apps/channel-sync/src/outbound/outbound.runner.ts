import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { collectedGauge } from '@retail/platform-observability';
import { type Job, type JobOutcome, JobsRuntime, JobWorker } from '@retail/platform-jobs';
import { DataSource } from 'typeorm';
import { ChannelClients, type ConfiguredChannel } from '../channels/channel-clients';
import type { PushResult } from '../channels/channel-outbound';
import { ChannelRejectedError, ChannelUnavailableError } from '../channels/http/channel-errors';
import { channelSyncMetrics } from '../common/metrics';
import type { ChannelSyncConfig } from '../config/env';
import { AVAILABILITY_JOB, OUTBOUND_KINDS, outboundQueue } from './domain/outbound-kinds';
import {
  OutboundAvailabilityStore,
  type PendingAvailability,
} from './persistence/outbound-availability.store';
import { OutboundQueue, type OrderPushPayload } from './persistence/outbound-queue';

/** Rows one pass of a per-item channel takes before it checks for urgent pushes again. */
const PER_ITEM_CHUNK = 20;

/**
 * One job worker per channel account over its queue `outbound.<account>`, one lane: the
 * account's pushes go one at a time, by priority, each call drawing from the account's one
 * rate-limit budget (ChannelHttp). A 4xx refusal is dead-lettered with the channel's answer; an
 * outage or 5xx is retried with back-off (the channel's Retry-After when it sent one), never
 * dead-lettered. The availability job drains pending rows in the channel's batch size and
 * yields whenever a shipment, cancellation or acknowledgement is due.
 */
@Injectable()
export class OutboundRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboundRunner.name);
  private readonly workers: JobWorker[] = [];

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ChannelSyncConfig,
    private readonly db: DataSource,
    private readonly clients: ChannelClients,
    private readonly queue: OutboundQueue,
    private readonly availability: OutboundAvailabilityStore,
    private readonly runtime: JobsRuntime,
  ) {}

  onApplicationBootstrap(): void {
    this.registerGauges();
    if (!this.config.env.CHANNEL_SYNC_OUTBOUND_ENABLED) return;
    for (const channel of this.clients.all()) {
      const worker = new JobWorker<unknown>(this.db, {
        queue: outboundQueue(channel.account.channel),
        lanes: 1,
        leaseMs: this.config.env.CHANNEL_SYNC_OUTBOUND_LEASE_MS,
        pollMs: this.config.env.CHANNEL_SYNC_OUTBOUND_POLL_MS,
        backoff: { baseMs: 1000, capMs: 60_000 },
        handler: (job) => this.run(channel, job),
      });
      worker.start(this.runtime.listener);
      this.workers.push(worker);
    }
  }

  private registerGauges(): void {
    const sample = async () => {
      const [pushes, availability] = await Promise.all([
        this.queue.depth(this.db),
        this.availability.depth(this.db),
      ]);
      const now = Date.now();
      return this.clients.all().flatMap(({ account }) =>
        OUTBOUND_KINDS.map((kind) => {
          const row =
            kind === 'availability'
              ? availability.find((a) => a.account === account.channel)
              : pushes.find((p) => p.account === account.channel && p.kind === kind);
          const depth = row ? ('pending' in row ? row.pending : 0) : 0;
          const oldest = row?.oldest ? (now - new Date(row.oldest).getTime()) / 1000 : 0;
          return { labels: { channel: account.channel, kind }, depth, oldest };
        }),
      );
    };
    collectedGauge(
      'retail_channel_outbound_queue_depth',
      'Pushes waiting per channel and kind (availability: SKU and location figures not yet accepted)',
      ['channel', 'kind'],
      async () => (await sample()).map((s) => ({ labels: s.labels, value: s.depth })),
    );
    collectedGauge(
      'retail_channel_outbound_oldest_pending_seconds',
      'Age of the oldest waiting push per channel and kind (0: none waiting)',
      ['channel', 'kind'],
      async () => (await sample()).map((s) => ({ labels: s.labels, value: s.oldest })),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }

  /** One job: exported for the integration tests, which drive a queue without the loop. */
  async run(channel: ConfiguredChannel, job: Job<unknown>): Promise<JobOutcome> {
    return job.key === AVAILABILITY_JOB
      ? this.drainAvailability(channel, job.signal)
      : this.pushOrder(channel, job.payload as OrderPushPayload);
  }

  private async drainAvailability(
    { account, client }: ConfiguredChannel,
    leaseLost?: AbortSignal,
  ): Promise<JobOutcome> {
    const deadline = Date.now() + this.config.env.CHANNEL_SYNC_OUTBOUND_SLICE_MS;
    const batch = client.availabilityBatch > 1 ? client.availabilityBatch : PER_ITEM_CHUNK;
    for (;;) {
      // Another replica took the drain over (this one stalled past its lease): leave it the rows.
      if (leaseLost?.aborted) return { kind: 'retry', delayMs: 0, countAttempt: false };
      if (await this.queue.urgentDue(this.db, account.channel))
        return { kind: 'retry', delayMs: 0, countAttempt: false };
      const rows = await this.availability.pending(this.db, account.channel, batch);
      if (rows.length === 0) return { kind: 'done' };
      try {
        if (client.availabilityBatch > 1) await this.pushRows(account.channel, client, rows);
        else for (const row of rows) await this.pushRows(account.channel, client, [row]);
      } catch (err) {
        return this.failed(account.channel, 'availability', err);
      }
      if (Date.now() > deadline) return { kind: 'retry', delayMs: 0, countAttempt: false };
    }
  }

  /** Pushes rows in one call; a refused batch is pushed row by row to keep the good ones. */
  private async pushRows(
    account: string,
    client: ConfiguredChannel['client'],
    rows: PendingAvailability[],
  ): Promise<void> {
    try {
      await client.pushAvailability(
        rows.map((r) => ({
          channelSku: r.channelSku,
          location: r.location,
          quantity: r.quantity,
          version: r.version,
        })),
      );
    } catch (err) {
      if (!(err instanceof ChannelRejectedError)) throw err;
      if (rows.length > 1) {
        for (const row of rows) await this.pushRows(account, client, [row]);
        return;
      }
      await this.availability.refused(this.db, account, rows[0], answerOf(err));
      channelSyncMetrics
        .outboundPushes()
        .inc({ channel: account, kind: 'availability', outcome: 'refused' });
      this.logger.warn(`${account} refused availability of ${rows[0].channelSku}: ${err.message}`);
      return;
    }
    await this.availability.accepted(this.db, account, rows);
    const now = Date.now();
    const latency = channelSyncMetrics.availabilityPushLatency();
    for (const row of rows)
      latency.observe(
        { channel: account },
        Math.max(0, now - new Date(row.pendingSince).getTime()) / 1000,
      );
    channelSyncMetrics
      .outboundPushes()
      .inc({ channel: account, kind: 'availability', outcome: 'applied' }, rows.length);
  }

  private async pushOrder(
    { account, client }: ConfiguredChannel,
    payload: OrderPushPayload,
  ): Promise<JobOutcome> {
    const count = (outcome: string) =>
      channelSyncMetrics
        .outboundPushes()
        .inc({ channel: account.channel, kind: payload.kind, outcome });
    let result: PushResult | 'unsupported';
    try {
      switch (payload.kind) {
        case 'shipment':
          result = client.confirmShipment
            ? await client.confirmShipment(payload.push)
            : 'unsupported';
          break;
        case 'cancellation':
          result = client.cancelOrder ? await client.cancelOrder(payload.push) : 'unsupported';
          break;
        case 'acknowledgement':
          result = client.acknowledgeOrder
            ? await client.acknowledgeOrder(payload.channelOrderId)
            : 'unsupported';
          break;
        case 'refund':
          result = client.refundReturn ? await client.refundReturn(payload.push) : 'unsupported';
          break;
      }
    } catch (err) {
      if (err instanceof ChannelRejectedError) {
        count('refused');
        return { kind: 'dead', error: `HTTP ${err.status}: ${answerOf(err)}` };
      }
      return this.failed(account.channel, payload.kind, err);
    }
    count(result.replace('-', '_'));
    return { kind: 'done' };
  }

  private failed(account: string, kind: string, err: unknown): JobOutcome {
    channelSyncMetrics.outboundPushes().inc({ channel: account, kind, outcome: 'failed' });
    const retryAfter = err instanceof ChannelUnavailableError ? err.retryAfterMs : undefined;
    return {
      kind: 'retry',
      error: (err as Error).message,
      ...(retryAfter !== undefined ? { delayMs: retryAfter } : {}),
    };
  }
}

function answerOf(err: ChannelRejectedError): string {
  return err.answer || err.message;
}
