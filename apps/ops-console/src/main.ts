import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startTracing } from '@retail/platform-observability';
import { hashPassword } from './auth/password';
import { loadConfig } from './config/env';

async function main(): Promise<void> {
  // The charts' migration hook runs every service with --migrate-only: the console has no state.
  if (process.argv.includes('--migrate-only')) return;
  const config = await loadConfig(process.env, hashPassword);
  // Tracing (only with OTEL_TRACES_EXPORTER set) patches http before the app's modules load it.
  startTracing('ops-console');
  const { createConsoleApp } = await import('./app.factory');
  const app = await createConsoleApp(config);
  await app.listen({ port: config.port, host: process.env.HOST ?? '0.0.0.0' });
  const logger = new Logger('Bootstrap');
  if (config.localOperator)
    logger.warn(
      `OPS_CONSOLE_USERS is unset: sign in as "${config.localOperator}" / "${config.localOperator}" (never in production)`,
    );
  logger.log(`ops-console listening on http://127.0.0.1:${config.port}`);
}

main().catch((err: Error) => {
  // One clear line, then a non-zero exit (the start script reports it).
  process.stderr.write(`fatal: ops-console: ${err.message}\n`);
  process.exit(1);
});
