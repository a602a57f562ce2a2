import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { ServiceConfig } from '@retail/platform-config';
import {
  MESSAGING_ENTITIES,
  MessagingModule,
  MessagingTables1732600000000,
  NatsHealthIndicator,
  OpsController,
} from '@retail/platform-messaging';
import { READINESS_CHECKS } from './health.controller';

/** JetStream for a service: streams provisioned, outbox relay, consumers, DLQ ops routes. */
export function messagingImports(config: ServiceConfig): DynamicModule[] {
  return [
    MessagingModule.forRoot({
      serviceName: config.serviceName,
      natsUrl: config.env.NATS_URL,
      namespace: config.env.NATS_NAMESPACE,
      maxDeliver: config.env.MAX_DELIVER,
      replicas: config.env.NATS_STREAM_REPLICAS,
      streamMaxAgeMs: config.env.NATS_STREAM_MAX_AGE_HOURS * 3_600_000,
      retention: {
        outboxHours: config.env.OUTBOX_RETENTION_HOURS,
        inboxHours: config.env.INBOX_RETENTION_HOURS,
      },
    }),
  ];
}

export const messagingControllers: Type[] = [OpsController];

/** Readiness includes NATS (connection open, JetStream answering). */
export const messagingReadiness: Provider = {
  provide: READINESS_CHECKS,
  inject: [NatsHealthIndicator],
  useFactory: (nats: NatsHealthIndicator) => [() => nats.isHealthy('nats')],
};

export const MESSAGING_ENTITIES_AND_MIGRATIONS: { entities: Function[]; migrations: Function[] } = {
  entities: MESSAGING_ENTITIES,
  migrations: [MessagingTables1732600000000],
};
