import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import { isProduction, SERVICE_CONFIG, ServiceConfig } from '@retail/platform-config';
import {
  API_KEYS,
  ApiKeyGuard,
  ApiKeyThrottlerGuard,
  FixedWindowThrottlerStorage,
  ContractValidationPipe,
  IDEMPOTENCY_OPTIONS,
  IdempotencyInterceptor,
  IDEMPOTENCY_RETENTION,
  IdempotencyRecord,
  IdempotencyStore,
  IdempotencyTables1732500000000,
  ProblemDetailsFilter,
  resolveApiKeys,
} from '@retail/platform-http';
import { pinoParams } from '@retail/platform-observability';
import { RetentionJanitor, serviceDataSourceOptions } from '@retail/platform-persistence';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { DependencyTarget, ServiceDependencies } from './service-dependencies';
import { WhoAmIController } from './whoami.controller';
import {
  messagingControllers,
  messagingImports,
  messagingReadiness,
  MESSAGING_ENTITIES_AND_MIGRATIONS,
} from './messaging-wiring';

export interface ServiceModuleOptions {
  entities?: MixedList<Function | string | EntitySchema>;
  migrations?: Function[];
  /** Disable JetStream for processes that need none (the back-office simulator). */
  messaging?: boolean;
  /** The services this one calls (its roster `calls`), reached with SERVICE_API_KEY. */
  dependencies?: DependencyTarget[];
}

/** Shared entities and migrations every service schema carries (idempotency, outbox, inbox). */
export function platformPersistence(messaging = true) {
  const m = messaging ? MESSAGING_ENTITIES_AND_MIGRATIONS : { entities: [], migrations: [] };
  return {
    entities: [IdempotencyRecord, ...m.entities],
    migrations: [IdempotencyTables1732500000000, ...m.migrations] as Function[],
  };
}

export function dataSourceOptionsFor(config: ServiceConfig, options: ServiceModuleOptions) {
  const shared = platformPersistence(options.messaging !== false);
  return serviceDataSourceOptions({
    url: config.env.DATABASE_URL,
    schema: config.schema,
    entities: [...shared.entities, ...((options.entities as Function[]) ?? [])],
    migrations: [...shared.migrations, ...(options.migrations ?? [])],
    applicationName: config.serviceName,
  });
}

/**
 * Everything a service shares: config, JSON logs, its schema, JetStream, health, metrics and
 * the contract's cross-cutting HTTP rules (problem+json, API keys, rate limits, idempotency).
 */
@Global()
@Module({})
export class ServiceModule {
  static forRoot(config: ServiceConfig, options: ServiceModuleOptions = {}): DynamicModule {
    const env = config.env;
    // Resolved here, not in a factory: a bad key setting stops the boot with one clear line.
    const apiKeys = resolveApiKeys(env.RETAIL_API_KEYS, isProduction(env));
    const dependencies = new ServiceDependencies(config, options.dependencies ?? []);
    const providers: Provider[] = [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: API_KEYS, useValue: apiKeys },
      { provide: ServiceDependencies, useValue: dependencies },
      {
        provide: IDEMPOTENCY_OPTIONS,
        useValue: { inFlightWaitMs: env.IDEMPOTENCY_INFLIGHT_WAIT_MS, leaseMs: 30_000 },
      },
      { provide: APP_GUARD, useClass: ApiKeyGuard },
      { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
      { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      { provide: APP_PIPE, useClass: ContractValidationPipe },
      IdempotencyStore,
      IdempotencyInterceptor,
      {
        // The service's one purge timer; table owners register their retention with it.
        provide: RetentionJanitor,
        inject: [getDataSourceToken()],
        useFactory: (ds: DataSource) => new RetentionJanitor(ds).register(IDEMPOTENCY_RETENTION),
      },
    ];
    const messaging = options.messaging !== false;
    if (messaging) providers.push(messagingReadiness);
    return {
      module: ServiceModule,
      imports: [
        LoggerModule.forRoot(pinoParams(config.serviceName, env.LOG_LEVEL)),
        TypeOrmModule.forRoot(dataSourceOptionsFor(config, options)),
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: env.HTTP_RATE_LIMIT_PER_MINUTE }],
          storage: new FixedWindowThrottlerStorage(),
        }),
        ...(messaging ? messagingImports(config) : []),
      ],
      controllers: [
        HealthController,
        MetricsController,
        WhoAmIController,
        ...(messaging ? messagingControllers : []),
      ],
      providers,
      exports: [
        SERVICE_CONFIG,
        API_KEYS,
        IDEMPOTENCY_OPTIONS,
        IdempotencyStore,
        IdempotencyInterceptor,
        ServiceDependencies,
        RetentionJanitor,
      ],
    };
  }
}
