import type { StreamDefinition } from '@retail/contracts';

/** Options of {@link MessagingModule.forRoot}. */
export interface MessagingModuleOptions {
  /** Service name: event `source` is `/retail/<serviceName>`, NATS connection name. */
  serviceName: string;
  /** e.g. `nats://127.0.0.1:4222` (comma-separated for several servers). */
  natsUrl: string;
  /** Deployment namespace (`NATS_NAMESPACE`); '' = none. */
  namespace?: string;
  /** Deliveries before a message is dead-lettered (`MAX_DELIVER`, default 5). */
  maxDeliver?: number;
  /** First back-off after a thrown error; doubles per delivery, capped at 5 min (default 1000). */
  backoffMs?: number;
  /** Streams to provision at boot (default `ALL_STREAMS` from @retail/contracts). */
  streams?: StreamDefinition[];
  /** Duplicate window of provisioned streams (default 2 min). */
  duplicateWindowMs?: number;
  /**
   * `num_replicas` of provisioned streams (`NATS_STREAM_REPLICAS`, default 1). Production runs a
   * 3-node cluster and sets 3; every service must use the same value, since each one updates the
   * streams at boot.
   */
  replicas?: number;
  /**
   * `max_age` of provisioned streams (`NATS_STREAM_MAX_AGE_HOURS`); 0 (the default here) keeps
   * messages until the stream's other limits.
   */
  streamMaxAgeMs?: number;
  /**
   * Outbox relay; enabled by default when a TypeORM DataSource is available. `batchSize`
   * (default 500): rows per relay transaction, all published at once (ADR 0027).
   */
  outbox?: { enabled?: boolean; pollIntervalMs?: number; batchSize?: number };
  /** Start the consumers served by the JetStream transport (default true). */
  consumersEnabled?: boolean;
  /** How often consumer lag (num_pending) is sampled for the gauge (default 15 s). */
  lagPollMs?: number;
  /** How long a computed `retail_dlq_messages` value is reused across scrapes (default 5 s). */
  dlqMetricsCacheMs?: number;
  /** Purge of old outbox and inbox rows; registered with the service's `RetentionJanitor`. */
  retention?: RetentionOptions;
}

/**
 * The service's retention janitor (`@retail/platform-persistence`) deletes published outbox rows
 * and inbox rows older than these ages; its schedule and batch size are the janitor's.
 * The inbox age must stay far longer than any redelivery or replay window: a copy of an event
 * whose inbox row is gone is applied again (see README, "Retention").
 */
export interface RetentionOptions {
  enabled?: boolean;
  /** Published outbox rows older than this are deleted (`OUTBOX_RETENTION_HOURS`, default 72). */
  outboxHours?: number;
  /** Inbox rows older than this are deleted (`INBOX_RETENTION_HOURS`, default 168). */
  inboxHours?: number;
}

export type ResolvedMessagingOptions = Required<
  Omit<MessagingModuleOptions, 'outbox' | 'streams' | 'retention'>
> & {
  streams: StreamDefinition[];
  outbox: { enabled: boolean; pollIntervalMs: number; batchSize: number };
  retention: Required<RetentionOptions>;
};

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Oldest nats-server the code runs against (2.9: nak with delay, max-deliveries advisories). */
export const MIN_NATS_SERVER_VERSION = '2.9.0';

export function resolveOptions(
  opts: MessagingModuleOptions,
  allStreams: StreamDefinition[],
): ResolvedMessagingOptions {
  return {
    serviceName: opts.serviceName,
    natsUrl: opts.natsUrl,
    namespace: opts.namespace ?? '',
    maxDeliver: opts.maxDeliver ?? 5,
    backoffMs: opts.backoffMs ?? 1000,
    streams: opts.streams ?? allStreams,
    duplicateWindowMs: opts.duplicateWindowMs ?? 120_000,
    consumersEnabled: opts.consumersEnabled ?? true,
    lagPollMs: opts.lagPollMs ?? 15_000,
    replicas: opts.replicas ?? 1,
    streamMaxAgeMs: opts.streamMaxAgeMs ?? 0,
    dlqMetricsCacheMs: opts.dlqMetricsCacheMs ?? 5_000,
    retention: resolveRetention(opts.retention),
    outbox: {
      enabled: opts.outbox?.enabled ?? true,
      pollIntervalMs: opts.outbox?.pollIntervalMs ?? 1000,
      batchSize: opts.outbox?.batchSize ?? 500,
    },
  };
}

function resolveRetention(r: RetentionOptions = {}): Required<RetentionOptions> {
  return {
    enabled: r.enabled ?? true,
    outboxHours: r.outboxHours ?? 72,
    inboxHours: r.inboxHours ?? 168,
  };
}
