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
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import type { StreamDefinition } from '@retail/contracts';
import { assertNamespace, streamName, subjectFor } from '../naming';
import { MIN_NATS_SERVER_VERSION, type ResolvedMessagingOptions } from '../options';
import { compareVersions, UnsupportedNatsServerError } from './version';

/** One NATS connection per process, with its JetStream client and manager. */
export class NatsClient {
  private static readonly logger = new Logger('NatsClient');

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly namespace: string,
  ) {}

  static async connect(opts: ResolvedMessagingOptions): Promise<NatsClient> {
    assertNamespace(opts.namespace);
    const nc = await connect({
      servers: opts.natsUrl.split(','),
      name: opts.serviceName,
      maxReconnectAttempts: -1,
    });
    const version = nc.info?.version ?? '0.0.0';
    NatsClient.logger.log(`connected to nats-server ${version} at ${nc.getServer()}`);
    if (compareVersions(version, MIN_NATS_SERVER_VERSION) < 0) {
      await nc.close();
      throw new UnsupportedNatsServerError(version, MIN_NATS_SERVER_VERSION);
    }
    const jsm = await jetstreamManager(nc);
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
   */
  async provisionStreams(
    defs: StreamDefinition[],
    duplicateWindowMs: number,
    replicas = 1,
    maxAgeMs = 0,
  ): Promise<void> {
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
      await this.upsertStream(cfg).catch((err: unknown) => {
        throw new StreamProvisioningError(cfg.name, replicas, err);
      });
    }
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
  }
}

/** A stream could not be created or updated (e.g. 3 replicas asked of a single server). */
export class StreamProvisioningError extends Error {
  constructor(stream: string, replicas: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot provision stream ${stream} with ${replicas} replica(s): ${reason}`, { cause });
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
