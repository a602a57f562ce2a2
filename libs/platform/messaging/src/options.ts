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
  /** Outbox relay; enabled by default when a TypeORM DataSource is available. */
  outbox?: { enabled?: boolean; pollIntervalMs?: number; batchSize?: number };
  /** Start discovered `@JetStreamConsumer` classes (default true). */
  consumersEnabled?: boolean;
  /** How often consumer lag (num_pending) is sampled for the gauge (default 15 s). */
  lagPollMs?: number;
}

export type ResolvedMessagingOptions = Required<
  Omit<MessagingModuleOptions, 'outbox' | 'streams'>
> & {
  streams: StreamDefinition[];
  outbox: { enabled: boolean; pollIntervalMs: number; batchSize: number };
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
    outbox: {
      enabled: opts.outbox?.enabled ?? true,
      pollIntervalMs: opts.outbox?.pollIntervalMs ?? 1000,
      batchSize: opts.outbox?.batchSize ?? 100,
    },
  };
}
