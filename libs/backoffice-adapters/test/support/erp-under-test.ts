import { ChildProcess, spawn } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@retail/platform-testing';
import { ErpAdapter } from '../../src/erp/erp-adapter';
import { createBackofficeAdapters } from '../../src/factory';
// The local Tryton and the port allocator are repository tools, not Nx projects.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { freePort } from '../../../../tools/scripts/ports';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { trytonSetup } from '../../../../tools/tryton/local-tryton';

/** One ERP the port's contract runs against, with the references its data offers. */
export interface ErpUnderTest {
  erp: ErpAdapter;
  /** Items the ERP stocks (at least three). */
  itemIds: string[];
  /** A location the ERP knows. */
  locationId: string;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..', '..', '..');
const SIM_ITEMS = ['C-ITEM-1', 'C-ITEM-2', 'C-ITEM-3', 'C-ITEM-4', 'C-ITEM-5'];

/** NetSuite's adapter against the back-office simulator, run as its compiled process. */
export async function netsuiteOnSimulator(): Promise<ErpUnderTest> {
  const main = join(ROOT, 'dist', 'apps', 'backoffice-simulator', 'src', 'main.js');
  if (!existsSync(main))
    throw new Error(`${main} missing: the integration globalSetup builds dist/`);
  const port = await freePort();
  const schema = uniqueSchema('erp_contract');
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(),
      DB_SCHEMA: schema,
      ERP_SIM_MAX_CONCURRENCY: 'none',
    },
    stdio: 'ignore',
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    await dropSchema(testDatabaseUrl(), schema);
  };
  try {
    await until(async () => (await fetch(`${baseUrl}/health/ready`)).ok, 60_000);
    const seeded = await fetch(`${baseUrl}/admin/seed/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: SIM_ITEMS.map((id, i) => ({ id, sku: id, name: id, basePrice: 1000 + i })),
        onHand: { locationIds: ['DC1'], quantity: 10 },
      }),
    });
    if (!seeded.ok) throw new Error(`simulator seed: HTTP ${seeded.status}`);
  } catch (error) {
    await stop();
    throw error;
  }
  const { erp } = createBackofficeAdapters({
    erpKind: 'netsuite',
    erpBaseUrl: baseUrl,
    wmsBaseUrl: baseUrl,
    paymentsBaseUrl: baseUrl,
    taxBaseUrl: baseUrl,
  });
  return { erp, itemIds: SIM_ITEMS, locationId: 'DC1', stop };
}

/** Tryton's adapter against a real trytond, prepared by tools/tryton/setup.sh. */
export async function trytonOnTrytond(): Promise<ErpUnderTest> {
  const tryton = trytonSetup('all');
  const { erp } = createBackofficeAdapters({
    erpKind: 'tryton',
    erpBaseUrl: tryton.baseUrl,
    wmsBaseUrl: tryton.baseUrl,
    paymentsBaseUrl: tryton.baseUrl,
    taxBaseUrl: tryton.baseUrl,
    erpTimeoutMs: 60_000,
    tryton,
  });
  return {
    erp,
    itemIds: ['TRY-SKU-001', 'TRY-SKU-002', 'TRY-SKU-003', 'TRY-SKU-004', 'TRY-SKU-005'],
    locationId: 'WH-MAIN',
    stop: async () => undefined,
  };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
