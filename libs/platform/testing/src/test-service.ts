import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { BaseEnv, ServiceConfig } from '@retail/platform-config';
import { AppOptions, createServiceApp } from '@retail/platform-service';
import {
  deleteNamespaceStreams,
  dropSchema,
  testDatabaseUrl,
  testNatsUrl,
  uniqueNamespace,
  uniqueSchema,
} from './isolation';

export interface TestServiceDefinition<C extends ServiceConfig<BaseEnv>> {
  name: string;
  schemaBase: string;
  loadConfig: (source: NodeJS.ProcessEnv) => C;
  module: (config: C) => DynamicModule;
  appOptions: AppOptions;
}

export interface TestService<C> {
  app: NestFastifyApplication;
  config: C;
  schema: string;
  namespace: string;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export const TEST_ADMIN_KEY = 'test-admin-key';

/**
 * Boots one service against the run's test database in a schema and NATS namespace of its
 * own; `close()` stops it and drops both.
 */
export async function startTestService<C extends ServiceConfig<BaseEnv>>(
  def: TestServiceDefinition<C>,
  env: Record<string, string> = {},
): Promise<TestService<C>> {
  const schema = env.DB_SCHEMA ?? uniqueSchema(def.schemaBase);
  const namespace = env.NATS_NAMESPACE ?? uniqueNamespace();
  const config = def.loadConfig({
    ...process.env,
    DATABASE_URL: testDatabaseUrl(),
    NATS_URL: testNatsUrl(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RETAIL_API_KEYS: `${TEST_ADMIN_KEY}=admin,shopify-key=channel:shopify,amazon-key=channel:amazon,pos-key=channel:pos,wms-key=wms,store-1-key=store:STORE-1`,
    // One ERP account per test service (replicas sharing a namespace share it): the account's
    // governor then counts only this test's calls, not those of test files running beside it.
    ERP_ACCOUNT_ID: `test-${namespace}`,
    ...env,
    DB_SCHEMA: schema,
    NATS_NAMESPACE: namespace,
  });
  const app = await createServiceApp(def.module(config), config, def.appOptions);
  let closed = false;
  return {
    app,
    config,
    schema,
    namespace,
    http: () => request(app.getHttpServer()),
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      if (!env.KEEP_STATE) {
        await dropSchema(config.env.DATABASE_URL, schema);
        await deleteNamespaceStreams(config.env.NATS_URL, namespace);
      }
    },
  };
}

/** The checks every service passes: it boots, is ready, and serves metrics and docs. */
export function describeServiceBoot<C extends ServiceConfig<BaseEnv>>(
  def: TestServiceDefinition<C>,
): void {
  describe(`${def.name} boots`, () => {
    let svc: TestService<C>;
    beforeAll(async () => {
      svc = await startTestService(def);
    });
    afterAll(() => svc?.close());

    it('is live and ready (PostgreSQL and NATS checked)', async () => {
      await svc.http().get('/health/live').expect(200);
      const ready = await svc.http().get('/health/ready').expect(200);
      expect(ready.body.status).toBe('ok');
      expect(Object.keys(ready.body.info)).toEqual(expect.arrayContaining(['database', 'nats']));
    });

    it('serves Prometheus metrics and the OpenAPI document', async () => {
      const metrics = await svc.http().get('/metrics').expect(200);
      expect(metrics.text).toContain('http_server_request_duration_seconds');
      const doc = await svc.http().get('/docs-json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
    });

    it('requires an API key on /v1 and answers problem+json', async () => {
      const res = await svc.http().get('/v1/ops/dlq').expect(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 401, correlationId: expect.any(String) });
      expect(res.headers['x-correlation-id']).toBe(res.body.correlationId);
    });

    it('created its tables in its own schema', async () => {
      const rows: Array<{ table_name: string }> = await svc.app
        .get(DataSource)
        .query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [
          svc.schema,
        ]);
      const tables = rows.map((r) => r.table_name);
      expect(tables).toEqual(
        expect.arrayContaining(['migrations', 'idempotency_keys', 'outbox', 'inbox']),
      );
    });

    it('has no drift between its entities and its migrations', async () => {
      const sql = await svc.app.get(DataSource).driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    });
  });
}
