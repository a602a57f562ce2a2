import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DLQ_STREAM } from '@retail/contracts';
import { collectedGauge } from '@retail/platform-observability';
import { dlqSubject } from '../naming';
import { NatsClient } from '../nats/nats-client';
import { MESSAGING_OPTIONS, type ResolvedMessagingOptions } from '../options';

/** What one scrape reports: dead letters stored per original stream, and replay tombstones. */
export interface DlqDepth {
  /** Logical stream of the original message -> dead letters stored in RETAIL_DLQ. */
  byStream: Record<string, number>;
  /** Replay tombstones (`retail.dlq._replayed.*`): dead letters replayed so far. */
  replayed: number;
}

/**
 * `retail_dlq_messages{stream}` and `retail_dlq_replayed_total`, computed when Prometheus
 * scrapes. Counting uses `subjects_filter` per original stream, so the server returns one count
 * per consumer subject instead of the messages. Tombstones are one subject each, so they are
 * not listed: they are the DLQ's messages minus the dead letters of the provisioned streams.
 * A result is reused for `dlqMetricsCacheMs` (5 s) so frequent or parallel scrapes stay cheap.
 */
@Injectable()
export class DlqMetrics implements OnModuleInit {
  private cached: { at: number; depth: Promise<DlqDepth> } | null = null;

  constructor(
    private readonly nats: NatsClient,
    @Inject(MESSAGING_OPTIONS) private readonly opts: ResolvedMessagingOptions,
  ) {}

  onModuleInit(): void {
    collectedGauge(
      'retail_dlq_messages',
      'Dead letters stored in RETAIL_DLQ per original stream (replay tombstones excluded)',
      ['stream'],
      async () =>
        Object.entries((await this.depth()).byStream).map(([stream, value]) => ({
          labels: { stream },
          value,
        })),
    );
    collectedGauge(
      'retail_dlq_replayed_total',
      'Dead letters replayed so far (replay tombstones stored in RETAIL_DLQ)',
      [],
      async () => [{ value: (await this.depth()).replayed }],
    );
  }

  /** The DLQ depth, from the cache when it is younger than `dlqMetricsCacheMs`. */
  depth(): Promise<DlqDepth> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.opts.dlqMetricsCacheMs) return this.cached.depth;
    const depth = this.count();
    this.cached = { at: now, depth };
    // A failed count must not be served from the cache: the next scrape tries again.
    depth.catch(() => {
      if (this.cached?.depth === depth) this.cached = null;
    });
    return depth;
  }

  private async count(): Promise<DlqDepth> {
    const wire = this.nats.streamName(DLQ_STREAM);
    const streams = this.opts.streams.map((s) => s.name).filter((n) => n !== DLQ_STREAM.name);
    const counts = await Promise.all(
      streams.map(async (stream) => {
        const info = await this.nats.jsm.streams.info(wire, {
          subjects_filter: dlqSubject(stream, '*', this.nats.namespace),
        });
        return { stream, info };
      }),
    );
    const byStream: Record<string, number> = {};
    for (const { stream, info } of counts) byStream[stream] = sum(info.state.subjects);
    const total = counts[0]?.info.state.messages ?? 0;
    const deadLetters = Object.values(byStream).reduce((a, b) => a + b, 0);
    return { byStream, replayed: Math.max(0, total - deadLetters) };
  }
}

function sum(subjects: Record<string, number> | undefined): number {
  return Object.values(subjects ?? {}).reduce((a, b) => a + b, 0);
}
