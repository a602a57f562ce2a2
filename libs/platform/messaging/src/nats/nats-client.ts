import { Logger } from '@nestjs/common';
import {
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import {
  type ConnectionOptions,
  nanos,
  TimeoutError,
  type NatsConnection,
} from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import type { StreamDefinition } from '@retail/contracts';
import { assertNamespace, streamName, subjectFor } from '../naming';
import { MIN_NATS_SERVER_VERSION, type ResolvedMessagingOptions } from '../options';
import { JetStreamAcks } from './jetstream-acks';
import { compareVersions, UnsupportedNatsServerError } from './version';

/** How long a publish waits for its JetStream ack (nats.js's own default for `js.publish`). */
export const PUBLISH_ACK_TIMEOUT_MS = 5000;

/**
 * How long stream provisioning keeps trying while JetStream cannot answer yet (a cluster still
 * forming or electing its meta leader, a 3-replica stream's first election): retries with a
 * doubling pause, then gives up with the last reason (the process exits; its supervisor starts
 * it again).
 */
export interface ProvisionRetry {
  /** Total time for all streams, from the first attempt (default 120 s). */
  budgetMs: number;
  /** First pause; doubles per attempt up to `maxDelayMs` (defaults 500 ms, 5 s). */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const PROVISION_RETRY: ProvisionRetry = {
  budgetMs: 120_000,
  firstDelayMs: 500,
  maxDelayMs: 5_000,
};

/**
 * The connection's options. `noAsyncTraces`: nats.js otherwise builds two `Error`s per request (a
 * JetStream publish is one) only to keep the caller's stack in case it fails; the outbox relay
 * publishes one request per event, and under movement load building those stacks was the largest
 * single cost in inventory's profile (ADR 0049). A failed publish still says what failed
 * (timeout, no responders, the server's error), without the caller's frames.
 */
export function natsConnectOptions(opts: ResolvedMessagingOptions): ConnectionOptions {
  return {
    servers: opts.natsUrl.split(','),
    name: opts.serviceName,
    maxReconnectAttempts: -1,
    noAsyncTraces: true,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One NATS connection per process, with its JetStream client and manager. */
export class NatsClient {
  private static readonly logger = new Logger('NatsClient');
  /** The outbox relay's publishes: acks settled on one inbox of this connection (ADR 0056). */
  readonly acks: JetStreamAcks;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly namespace: string,
  ) {
    this.acks = new JetStreamAcks(nc, PUBLISH_ACK_TIMEOUT_MS);
  }

  static async connect(opts: ResolvedMessagingOptions): Promise<NatsClient> {
    assertNamespace(opts.namespace);
    const nc = await connect(natsConnectOptions(opts));
    const version = nc.info?.version ?? '0.0.0';
    NatsClient.logger.log(`connected to nats-server ${version} at ${nc.getServer()}`);
    if (compareVersions(version, MIN_NATS_SERVER_VERSION) < 0) {
      await nc.close();
      throw new UnsupportedNatsServerError(version, MIN_NATS_SERVER_VERSION);
    }
    // No account-info probe here: JetStream may not answer yet (a cluster forming), which
    // provisionStreams waits out, bounded; a server without JetStream fails there at once.
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    return new NatsClient(nc, jetstream(nc), jsm, opts.namespace);
  }

  streamName(def: StreamDefinition | string): string {
    return streamName(def, this.namespace);
  }

  subject(type: string): string {
    return subjectFor(type, this.namespace);
  }

  /**
   * Creates or updates every stream; safe to run from every service at every boot. `replicas`
   * becomes `num_replicas` (3 on the production cluster; a single server only accepts 1).
   * While JetStream cannot answer yet (timeouts, "temporarily unavailable", no peers for the
   * replicas yet) it logs one line per attempt and retries within `retry.budgetMs`; any other
   * refusal (e.g. 3 replicas on a single server) fails at once.
   */
  async provisionStreams(
    defs: StreamDefinition[],
    duplicateWindowMs: number,
    replicas = 1,
    maxAgeMs = 0,
    retry: ProvisionRetry = PROVISION_RETRY,
  ): Promise<void> {
    const started = Date.now();
    for (const def of defs) {
      const cfg = {
        name: this.streamName(def),
        subjects: def.subjects.map((s) => this.subject(s)),
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        duplicate_window: nanos(duplicateWindowMs),
        num_replicas: replicas,
        max_age: nanos(maxAgeMs),
      } satisfies Partial<StreamConfig>;
      await this.provisionOne(cfg, started, retry);
    }
  }

  private async provisionOne(
    cfg: Partial<StreamConfig> & { name: string; num_replicas: number },
    started: number,
    retry: ProvisionRetry,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.upsertStream(cfg);
        if (attempt > 1)
          NatsClient.logger.log(`stream ${cfg.name} provisioned at attempt ${attempt}`);
        return;
      } catch (err) {
        const pause = Math.min(retry.firstDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
        const left = started + retry.budgetMs - Date.now();
        if (!this.isTransient(err) || pause > left)
          throw new StreamProvisioningError(cfg.name, cfg.num_replicas, err, {
            attempts: attempt,
            seconds: Math.round((Date.now() - started) / 1000),
          });
        NatsClient.logger.warn(
          `stream ${cfg.name} (${cfg.num_replicas} replica(s)) not provisioned yet, attempt ${attempt}: ${reasonOf(err)} (JetStream not ready: cluster forming or electing a leader?); retrying in ${pause} ms, giving up in ${Math.round(left / 1000)} s`,
        );
        await sleep(pause);
      }
    }
  }

  /**
   * JetStream could not answer yet: an API request timed out, no server answered the API
   * subject although this one has JetStream (not ready yet), or the cluster said it is
   * temporarily unavailable, has no leader, or no peers for the replicas yet.
   */
  private isTransient(err: unknown): boolean {
    if (err instanceof TimeoutError) return true;
    // JetStreamNotEnabled (not exported by the client): the API subject had no responders.
    if (err instanceof Error && err.name === 'JetStreamNotEnabled')
      return (this.nc as Partial<NatsConnection>).info?.jetstream === true;
    return err instanceof JetStreamApiError && TRANSIENT_API_ERRORS.has(err.code);
  }

  private async upsertStream(cfg: Partial<StreamConfig> & { name: string }): Promise<void> {
    try {
      await this.jsm.streams.info(cfg.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await this.jsm.streams.add(cfg);
        NatsClient.logger.log(`created stream ${cfg.name} on ${cfg.subjects?.join(',')}`);
        return;
      } catch (addErr) {
        // Another replica created it between our info and add: fall through to update. Any
        // other refusal (e.g. replicas > 1 on a single server) is the real reason: surface it.
        if (!isNameInUse(addErr)) throw addErr;
      }
    }
    const { name, ...update } = cfg;
    await this.jsm.streams.update(name, update);
  }

  isHealthy(): boolean {
    return !this.nc.isClosed() && !this.nc.isDraining();
  }

  /** Flushes pending publishes and acks, then closes. */
  async drain(): Promise<void> {
    if (this.nc.isClosed() || this.nc.isDraining()) return;
    await this.nc.drain();
    this.acks.close();
  }
}

/**
 * JetStream API error codes that mean "not now" during cluster formation: 10005 no suitable
 * peers for placement (the peers are not all known yet), 10008 JetStream system temporarily
 * unavailable, 10009 not the leader (an election under way).
 */
const TRANSIENT_API_ERRORS = new Set([10005, 10008, 10009]);

function reasonOf(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** A stream could not be created or updated (e.g. 3 replicas asked of a single server). */
export class StreamProvisioningError extends Error {
  constructor(
    stream: string,
    replicas: number,
    cause: unknown,
    tried?: { attempts: number; seconds: number },
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const after =
      tried && tried.attempts > 1
        ? ` (gave up after ${tried.attempts} attempts, ${tried.seconds} s)`
        : '';
    super(`cannot provision stream ${stream} with ${replicas} replica(s): ${reason}${after}`, {
      cause,
    });
  }
}

/** JSStreamNameExistErr: the stream was created concurrently. */
function isNameInUse(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === 10058;
}

export function isNotFound(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.status === 404 || err.code === 10059 || err.code === 10014)
  );
}
