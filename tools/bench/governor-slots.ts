/**
 * How much of the ERP's concurrency the account governor keeps in use, alone: one process, N
 * calls of LAT ms (an in-process fake ERP, no HTTP) through `GovernedErpAdapter` against 4
 * permits. The ideal wall time is N / 4 x LAT; `slotsBusy` = ideal / measured, so what is
 * missing is the governor's own time between two calls on a slot (ADR 0038).
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register tools/bench/governor-slots.ts [N] [LAT]
 *
 * BENCH_PG_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres); the
 * script works in a throw-away schema and drops it.
 */
import { Client } from 'pg';
import { ErpAdapter, ErpGovernor, GovernedErpAdapter } from '@retail/backoffice-adapters';

const CALLS = Number(process.argv[2] ?? 200);
const LATENCY_MS = Number(process.argv[3] ?? 50);
const CEILING = 4;
const URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCHEMA = `bench_governor_${process.pid}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const governor = new ErpGovernor({
    connection: { connectionString: URL },
    schema: SCHEMA,
    account: 'bench',
    service: 'bench',
    ceiling: CEILING,
    maxRps: 1000,
    leaseMs: 35_000,
    maxWaitMs: 120_000,
  });
  await governor.start();
  const fake = {
    kind: 'fake',
    upsertSalesOrder: async () => {
      await sleep(LATENCY_MS);
      return { salesOrderId: 'SO', created: true };
    },
  } as unknown as ErpAdapter;
  const erp = new GovernedErpAdapter(fake, governor);
  const order = (i: number) => ({ externalId: `o${i}` }) as never;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        erp.upsertSalesOrder(order(i), { correlationId: 'b' }),
      ),
    );
    const wallMs = performance.now() - started;
    const idealMs = (CALLS / CEILING) * LATENCY_MS;
    const slotsBusy = Number((idealMs / wallMs).toFixed(3));
    console.log(
      JSON.stringify({ calls: CALLS, latencyMs: LATENCY_MS, wallMs, idealMs, slotsBusy }),
    );
  } finally {
    await governor.close();
    const db = new Client({ connectionString: URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).finally(() => db.end());
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
