import { startTracing } from '@retail/platform-observability';
import { loadSimulatorConfig } from './config/env';

async function main(): Promise<void> {
  const config = loadSimulatorConfig(process.env);
  // Tracing (only with OTEL_TRACES_EXPORTER set) patches http before the app's modules load it.
  startTracing('backoffice-simulator');
  const { createSimulatorApp } = await import('./app.factory');
  const app = await createSimulatorApp(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: process.env.HOST ?? '0.0.0.0' });
}

main().catch((error: unknown) => {
  // One clear line, then a non-zero exit (the start script reports it).
  console.error(
    `backoffice-simulator failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
