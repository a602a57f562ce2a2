import {
  DynamicModule,
  Global,
  Module,
  type FactoryProvider,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ALL_STREAMS } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { ConsumerHost } from './consumers/consumer-host';
import { JetStreamServer } from './transport/jetstream.server';
import { NatsHealthIndicator } from './health/nats.health';
import { InboxService } from './inbox/inbox.service';
import { MessagingLifecycle } from './messaging.lifecycle';
import { NatsClient } from './nats/nats-client';
import { DlqMetrics } from './ops/dlq-metrics';
import { DlqBulkReplay } from './ops/dlq-bulk-replay';
import { DlqService } from './ops/dlq.service';
import { ReplayService } from './ops/replay.service';
import {
  MESSAGING_OPTIONS,
  resolveOptions,
  type MessagingModuleOptions,
  type ResolvedMessagingOptions,
} from './options';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxService } from './outbox/outbox.service';
import { EventPublisher } from './publisher/event-publisher';
import { MessagingRetention } from './retention/messaging-retention';

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  useFactory: (...args: any[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

const natsClientProvider: Provider = {
  provide: NatsClient,
  inject: [MESSAGING_OPTIONS],
  useFactory: async (opts: ResolvedMessagingOptions) => {
    const client = await NatsClient.connect(opts);
    await client.provisionStreams(
      opts.streams,
      opts.duplicateWindowMs,
      opts.replicas,
      opts.streamMaxAgeMs,
    );
    return client;
  },
};

// The DataSource comes from the service's TypeOrmModule; without one there is no outbox/inbox.
const optionalDataSource = { token: DataSource, optional: true };

const dbProviders: Provider[] = [
  {
    provide: InboxService,
    inject: [optionalDataSource],
    useFactory: (ds?: DataSource) => (ds ? new InboxService(ds) : null),
  },
  {
    provide: OutboxRelay,
    inject: [optionalDataSource, NatsClient, MESSAGING_OPTIONS],
    useFactory: (ds: DataSource | undefined, nats: NatsClient, opts: ResolvedMessagingOptions) =>
      ds ? new OutboxRelay(ds, nats, opts) : null,
  },
];

const services = [
  OutboxService,
  EventPublisher,
  ConsumerHost,
  JetStreamServer,
  DlqService,
  DlqBulkReplay,
  DlqMetrics,
  ReplayService,
  NatsHealthIndicator,
];

/**
 * JetStream messaging for one service: connection, stream provisioning, outbox relay, inbox,
 * the JetStream transport that serves `@ConsumeEvents` handlers (connected by `connectJetStream`),
 * DLQ and replay operations. Global: import once.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.build(
      { provide: MESSAGING_OPTIONS, useValue: resolveOptions(options, ALL_STREAMS) },
      [],
    );
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return MessagingModule.build(
      {
        provide: MESSAGING_OPTIONS,
        inject: options.inject ?? [],
        useFactory: async (...args: unknown[]) =>
          resolveOptions(await options.useFactory(...args), ALL_STREAMS),
      },
      options.imports ?? [],
    );
  }

  private static build(
    optionsProvider: Provider,
    imports: ModuleMetadata['imports'],
  ): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [...(imports ?? [])],
      providers: [
        optionsProvider,
        natsClientProvider,
        HealthIndicatorService,
        ...dbProviders,
        ...services,
        MessagingLifecycle,
        MessagingRetention,
      ],
      exports: [MESSAGING_OPTIONS, NatsClient, InboxService, OutboxRelay, ...services],
    };
  }
}
