import { instrumentFromEnv } from '@retail/platform-observability';

// Imported first by this package's index, so that when an exporter is configured (OTEL_*),
// http, undici and pg are patched before Nest, Fastify or TypeORM load them (ADR 0031).
instrumentFromEnv();
