import { Inject, Injectable, Logger } from '@nestjs/common';
import { messagingMetrics } from '../metrics';
import { NatsClient } from '../nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';
import type { JetStreamBatchHandler, JetStreamHandler } from './consumer-result';
import type { JetStreamConsumerOptions } from './consumer-options';
import { ConsumerRunner } from './consumer-runner';

/**
 * Runs the durable consumers of a service (those the JetStream transport serves, and any
 * registered by hand), samples their lag, and stops them on shutdown.
 */
@Injectable()
export class ConsumerHost {
  private readonly logger = new Logger(ConsumerHost.name);
  private readonly runners: ConsumerRunner[] = [];
  private lagTimer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(
    private readonly nats: NatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {}

  /** Registers a handler (the transport does, for each `@ConsumeEvents`); call before start(). */
  register(
    handler: JetStreamHandler | JetStreamBatchHandler,
    options: JetStreamConsumerOptions,
  ): ConsumerRunner {
    if (this.runners.some((r) => r.opts.durable === options.durable)) {
      throw new DuplicateConsumerError(options.durable);
    }
    const runner = new ConsumerRunner(handler, this.resolve(options), this.nats);
    this.runners.push(runner);
    return runner;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const runner of this.runners) await runner.start();
    if (this.runners.length > 0) {
      this.lagTimer = setInterval(() => void this.sampleLag(), this.opts.lagPollMs);
      this.lagTimer.unref();
      await this.sampleLag();
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.lagTimer = null;
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  async sampleLag(): Promise<void> {
    for (const runner of this.runners) {
      try {
        const { pending, ackPending } = await runner.pending();
        const labels = { stream: runner.opts.stream, consumer: runner.opts.durable };
        messagingMetrics.consumerPending().set(labels, pending);
        messagingMetrics.consumerAckPending().set(labels, ackPending);
      } catch (err) {
        this.logger.debug(`lag sample of ${runner.opts.durable} failed: ${err}`);
      }
    }
  }

  private resolve(o: JetStreamConsumerOptions): ConsumerRunner['opts'] {
    return {
      durable: o.durable,
      stream: o.stream,
      filterSubject: o.filterSubject,
      maxDeliver: o.maxDeliver ?? this.opts.maxDeliver,
      ackWaitMs: o.ackWaitMs ?? 30_000,
      concurrency: Math.max(1, o.concurrency ?? 1),
      backoffMs: o.backoffMs ?? this.opts.backoffMs,
      partitionKey: o.partitionKey,
      batch: o.batch,
    };
  }
}

export class DuplicateConsumerError extends Error {
  constructor(durable: string) {
    super(`two consumers are registered as "${durable}"`);
  }
}
