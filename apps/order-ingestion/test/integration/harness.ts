import { ERP_INNER_ADAPTER } from '@retail/backoffice-adapters';
import { startTestService, TEST_ADMIN_KEY, TestService } from '@retail/platform-testing';
import type { Test } from 'supertest';
import { DataSource } from 'typeorm';
import { APP_OPTIONS, AppModule } from '../../src/app.module';
import { loadConfig, OrderIngestionConfig } from '../../src/config/env';
import { CatalogPort } from '../../src/orders/ports/catalog.port';
import { CustomerMatcherPort } from '../../src/orders/ports/customer-matcher.port';
import { InventoryPort } from '../../src/orders/ports/inventory.port';
import { FakeCatalog, FakeCustomers, FakeErp, FakeInventory } from './fakes';

export interface Harness {
  svc: TestService<OrderIngestionConfig>;
  catalog: FakeCatalog;
  inventory: FakeInventory;
  customers: FakeCustomers;
  erp: FakeErp;
  db: DataSource;
  post: (path: string, body: unknown, headers?: Record<string, string>) => Test;
  get: (path: string, key?: string) => Test;
  waitForStatus: (orderId: string, status: string, timeoutMs?: number) => Promise<any>;
}

/** Order ingestion on real PostgreSQL and NATS, with the outside world (ERP, inventory, master data) faked. */
export async function startOrderIngestion(
  env: Record<string, string> = {},
  shared: {
    catalog?: FakeCatalog;
    inventory?: FakeInventory;
    erp?: FakeErp;
    /** Match customers with the real HTTP client (MASTERDATA_BASE_URL) instead of the fake. */
    httpCustomers?: boolean;
  } = {},
): Promise<Harness> {
  const catalog = shared.catalog ?? new FakeCatalog();
  const inventory = shared.inventory ?? new FakeInventory();
  const erp = shared.erp ?? new FakeErp();
  const customers = new FakeCustomers();
  const svc = await startTestService(
    {
      name: 'order-ingestion',
      schemaBase: 'order_ingestion',
      loadConfig,
      module: (config) =>
        AppModule.register(config, {
          catalog: { provide: CatalogPort, useValue: catalog },
          inventory: { provide: InventoryPort, useValue: inventory },
          ...(shared.httpCustomers
            ? {}
            : { customers: { provide: CustomerMatcherPort, useValue: customers } }),
          erp: { provide: ERP_INNER_ADAPTER, useValue: erp },
        }),
      appOptions: APP_OPTIONS,
    },
    {
      HTTP_RATE_LIMIT_PER_MINUTE: '1000000',
      PIPELINE_POLL_MS: '50',
      PIPELINE_RETRY_BASE_MS: '50',
      ERP_BREAKER_RESET_MS: '300',
      ERP_MAX_BACKOFF_MS: '1000',
      SHOPIFY_WEBHOOK_SECRET: 'shh',
      ...env,
    },
  );
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    svc
      .http()
      .post(path)
      .set({ 'x-api-key': TEST_ADMIN_KEY, ...headers })
      .send(body as object);
  const get = (path: string, key = TEST_ADMIN_KEY) => svc.http().get(path).set('x-api-key', key);
  const waitForStatus = async (orderId: string, status: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: any;
    while (Date.now() < deadline) {
      last = (await get(`/v1/orders/${orderId}`)).body;
      if (last.status === status) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `order ${orderId} is ${last?.status} (${last?.statusReason ?? ''}), not ${status}`,
    );
  };
  return {
    svc,
    catalog,
    inventory,
    customers,
    erp,
    db: svc.app.get(DataSource),
    post,
    get,
    waitForStatus,
  };
}
