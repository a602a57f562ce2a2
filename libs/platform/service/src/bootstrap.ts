import { DynamicModule, Logger, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { ServiceConfig } from '@retail/platform-config';
import {
  API_KEYS,
  ApiKeyTable,
  clientErrorHandler,
  frameworkErrorHandler,
  MAX_BODY_BYTES,
  MAX_PATH_PARAM_LENGTH,
  registerBodyParsers,
  registerCorrelation,
  registerDrainingAnswer,
  registerRequestGate,
  trustedProxies,
} from '@retail/platform-http';
import { flushTracing, httpRequestDuration, startTracing } from '@retail/platform-observability';
import { connectJetStream } from '@retail/platform-messaging';
import { runMigrations } from '@retail/platform-persistence';
import { collectDefaultMetrics, register } from 'prom-client';
import { buildOpenApiDocument } from './openapi';
import { dataSourceOptionsFor, ServiceModuleOptions } from './service.module';

export interface AppOptions {
  /** Human title for the OpenAPI document. */
  title: string;
  description?: string;
  persistence: ServiceModuleOptions;
  /** Quiet logs (tests). */
  bufferLogs?: boolean;
}

let defaultMetricsStarted = false;

function configureFastify(app: NestFastifyApplication, config: ServiceConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  registerCorrelation(fastify);
  registerDrainingAnswer(fastify);
  registerRequestGate(fastify, {
    keys: app.get<ApiKeyTable>(API_KEYS),
    authFailuresPerMinute: config.env.AUTH_FAILURES_PER_MINUTE,
  });
  registerBodyParsers(fastify);
  const duration = httpRequestDuration();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  // Errors raised before Nest's pipeline (body parsing, size, content type) reach Nest's
  // Fastify error handler and so the global ProblemDetailsFilter, like unknown routes do;
  // those raised before routing (frameworkErrors) or by Node's HTTP parser (clientErrorHandler)
  // are answered by the adapter options below, also as problem+json.
}

function setupDocs(app: NestFastifyApplication, config: ServiceConfig, options: AppOptions): void {
  const description = options.description ?? `${config.serviceName} API (public contract v1)`;
  const document = buildOpenApiDocument(app, options.title, description);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** Runs the service's migrations (own schema, own migrations table, advisory-locked). */
export function migrate(
  config: ServiceConfig,
  persistence: ServiceModuleOptions,
): Promise<string[]> {
  const options = dataSourceOptionsFor(config, persistence);
  return runMigrations({ ...options, url: config.env.DATABASE_URL, schema: config.schema });
}

/**
 * Builds a ready-to-listen service: migrations first, then Nest on Fastify with the
 * contract's HTTP rules, URI versioning (/v1), OpenAPI at /docs and /docs-json, and the
 * JetStream transport serving the service's `@ConsumeEvents` handlers (consumers running).
 * Used by main.ts and by integration tests alike.
 */
export async function createServiceApp(
  module: DynamicModule,
  config: ServiceConfig,
  options: AppOptions,
): Promise<NestFastifyApplication> {
  await migrate(config, options.persistence);
  if (!defaultMetricsStarted) {
    collectDefaultMetrics({ register });
    defaultMetricsStarted = true;
  }
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: trustedProxies(config.env.TRUSTED_PROXIES),
    // A stopping replica answers the contract's 503 (problem+json, Retry-After) itself:
    // registerDrainingAnswer. Fastify's own has neither.
    return503OnClosing: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: options.bufferLogs ?? true,
    bodyParser: false,
  });
  app.useLogger(app.get(PinoLogger));
  configureFastify(app, config);
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.enableShutdownHooks();
  setupDocs(app, config, options);
  await app.init();
  if (options.persistence.messaging !== false) await connectJetStream(app);
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** main.ts entry: `--migrate-only` runs migrations and exits (the Helm hook Job). */
export async function bootstrapService(
  module: DynamicModule,
  config: ServiceConfig,
  options: AppOptions & { defaultPort: number },
): Promise<NestFastifyApplication | undefined> {
  const logger = new Logger('Bootstrap');
  if (process.argv.includes('--migrate-only')) {
    const applied = await migrate(config, options.persistence);
    logger.log(`${config.serviceName}: ${applied.length} migration(s) applied`);
    return undefined;
  }
  if (startTracing(config.serviceName)) {
    // Buffered spans go out at once when the process is told to stop; spans of the work Nest
    // drains after that still go out with the next batch if the drain outlasts its delay.
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(signal, () => void flushTracing().catch(() => undefined));
  }
  const app = await createServiceApp(module, config, options);
  const port = config.env.PORT ?? options.defaultPort;
  await app.listen({ port, host: process.env.HOST ?? '0.0.0.0' });
  logger.log(`${config.serviceName} listening on http://127.0.0.1:${port} (docs: /docs)`);
  return app;
}

/** Exits with one clear line (no stack) when boot fails, e.g. an invalid environment. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((err: Error) => {
    process.stderr.write(`fatal: ${err.message}\n`);
    process.exit(1);
  });
}
