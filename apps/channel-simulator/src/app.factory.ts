import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { SimulatorExceptionFilter } from './common/exception.filter';
import { SimulatorConfig } from './config/env';
import { GatedRequest, OPERATION_KEY } from './gate/gate.interceptor';
import { StatsService } from './gate/stats.service';
import { MetricsService } from './health/metrics.service';

const BODY_LIMIT = 5 * 1024 * 1024;

export interface SimulatorAppOptions {
  logger?: LogLevel[] | false;
  /** Replace the clock (tests of time-based limits). */
  clock?: () => number;
}

/** Builds and initialises the simulator (not listening): main.ts and the tests share this. */
export async function createSimulatorApp(
  config: SimulatorConfig,
  options: SimulatorAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.clock ?? Date.now),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT }),
    { logger: options.logger ?? ['log', 'warn', 'error'] },
  );
  app.useGlobalFilters(new SimulatorExceptionFilter());
  registerHooks(app);
  setUpDocs(app);
  await app.init();
  return app;
}

function registerHooks(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const stats = app.get(StatsService);
  const metrics = app.get(MetricsService);
  // OCAPI batch requests: the raw multipart body, split by the route.
  fastify.addContentTypeParser('multipart/mixed', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  // Like every process of the stack: the caller's x-correlation-id is echoed (or one is made).
  fastify.addHook('onRequest', async (request, reply) => {
    const given = request.headers['x-correlation-id'];
    void reply.header(
      'x-correlation-id',
      typeof given === 'string' && given ? given : randomUUID(),
    );
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const meta = (request as GatedRequest)[OPERATION_KEY];
    if (!meta) return;
    stats.answered(meta.channel, meta.operation, reply.statusCode);
    metrics.observe(meta.channel, meta.operation, reply.statusCode, reply.elapsedTime / 1000);
  });
}

function setUpDocs(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('channel-simulator')
      .setDescription(
        'Stand-ins for the sales channels APIs (Shopify, Amazon SP-API, BigCommerce, Adobe Commerce, Salesforce B2C Commerce, Square)',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
