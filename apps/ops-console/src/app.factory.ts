import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { registerCorrelation, registerDrainingAnswer } from '@retail/platform-http';
import { httpRequestDuration } from '@retail/platform-observability';
import { collectDefaultMetrics, register } from 'prom-client';
import { AppModule } from './app.module';
import { SessionCodec } from './auth/session';
import { registerSessionHooks } from './auth/session.hooks';
import type { OpsConsoleConfig } from './config/env';
import { ConsoleErrorFilter } from './error.filter';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const levelsFrom = (level: string): LogLevel[] | false => {
  const at = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 }[level];
  return at === undefined ? false : LEVELS.slice(0, at + 1);
};

let defaultMetrics = false;

/** Builds the console (not listening): main.ts and the tests share this. */
export async function createConsoleApp(config: OpsConsoleConfig): Promise<NestFastifyApplication> {
  if (!defaultMetrics) {
    collectDefaultMetrics({ register });
    defaultMetrics = true;
  }
  const adapter = new FastifyAdapter({
    bodyLimit: 64 * 1024,
    trustProxy: true,
    return503OnClosing: false, // registerDrainingAnswer: 503 problem+json with Retry-After
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config),
    adapter,
    {
      logger: levelsFrom(config.logLevel),
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  registerCorrelation(fastify);
  registerDrainingAnswer(fastify);
  registerSessionHooks(fastify, app.get(SessionCodec));
  const duration = httpRequestDuration();
  fastify.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.useGlobalFilters(new ConsoleErrorFilter());
  app.enableShutdownHooks();
  await app.init();
  return app;
}
