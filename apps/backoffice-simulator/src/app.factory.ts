import { LogLevel, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { SimulatorExceptionFilter } from './common/http-exception.filter';
import { correlationIdOf, echoCorrelationId } from './common/request-context';
import { SimulatorConfig } from './config/env';
import { registerErpAuth } from './erp/auth/erp-auth.hook';
import { MetricsService } from './health/metrics.service';

const BODY_LIMIT = 1024 * 1024;

/** Which stand-in a URL belongs to (for the call log and metrics). */
const SYSTEM_PREFIXES: [string, string][] = [
  ['/services/rest/', 'erp'],
  ['/wms/', 'wms'],
  ['/payments/', 'payments'],
  ['/tax/', 'tax'],
];

export interface SimulatorAppOptions {
  logger?: LogLevel[] | false;
}

/** Builds and initialises the simulator (not listening): main.ts and the tests share this. */
export async function createSimulatorApp(
  config: SimulatorConfig,
  options: SimulatorAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT }),
    { logger: options.logger ?? ['log', 'warn', 'error'] },
  );
  app.useGlobalPipes(new ValidationPipe({ transform: true }));
  app.useGlobalFilters(new SimulatorExceptionFilter());
  registerHooks(app);
  registerErpAuth(app.getHttpAdapter().getInstance() as FastifyInstance, config.erpAuth);
  setUpDocs(app);
  await app.init();
  return app;
}

function registerHooks(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const db = app.get(DataSource);
  const metrics = app.get(MetricsService);
  // NetSuite clients may send Oracle's vendor JSON type.
  fastify.addContentTypeParser(
    'application/vnd.oracle.resource+json',
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('ignore', 'ignore'),
  );
  fastify.addHook('onRequest', async (request, reply) => echoCorrelationId(request, reply));
  fastify.addHook('onResponse', async (request, reply) => {
    const system = SYSTEM_PREFIXES.find(([prefix]) => request.url.startsWith(prefix))?.[1];
    if (!system) return;
    metrics.observe(system, reply.statusCode, reply.elapsedTime / 1000);
    // Diagnostics only: a lost row must never fail or slow the answer.
    db.query(
      `INSERT INTO call_log (system, method, path, status, correlation_id, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        system,
        request.method,
        request.url.slice(0, 500),
        reply.statusCode,
        correlationIdOf(request),
        Math.round(reply.elapsedTime),
      ],
    ).catch(() => undefined);
  });
}

function setUpDocs(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('backoffice-simulator')
      .setDescription(
        'Stand-ins for the ERP (NetSuite REST shape), WMS, payment provider and tax engine',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
