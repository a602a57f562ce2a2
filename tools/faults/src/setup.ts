import type { Ctx } from './context';
import { http, HttpAnswer, json } from './http';
import { sleep, waitFor } from './infra/processes';
import { SCHEMAS } from './infra/stack';
import { adminHeaders, post } from './load';
import { locationBody, productBody } from './payloads';

async function put(url: string, body: unknown): Promise<HttpAnswer> {
  return http({
    method: 'PUT',
    url,
    body: json(body),
    headers: { 'content-type': 'application/json', ...adminHeaders },
  });
}

function expectOk(what: string, res: HttpAnswer): void {
  if (res.status === undefined || res.status >= 300) {
    throw new Error(
      `setup: ${what} answered ${res.status ?? res.error}: ${res.text.slice(0, 300)}`,
    );
  }
}

/**
 * Master data and stock the load needs: a network with a DC and a store, the products (so
 * order-ingestion's read model resolves every SKU), plenty of stock for order SKUs and a few
 * units of each scarce SKU. Waits until the read models of order-ingestion and inventory have
 * the products, so no order parks in `exception` for a reason the suite did not inject.
 */
export async function seed(ctx: Ctx): Promise<void> {
  const md = ctx.stack.url('master-data');
  const c = ctx.catalog;
  expectOk(
    'location network',
    await put(`${md}/v1/locations/${c.network}`, locationBody('Faults network', 'network')),
  );
  expectOk(
    'location dc',
    await put(`${md}/v1/locations/${c.dc}`, locationBody('Faults DC', 'dc', c.network)),
  );
  expectOk(
    'location store',
    await put(`${md}/v1/locations/${c.store}`, locationBody('Faults store', 'store', c.network)),
  );
  const skus = [...c.skus, ...c.scarceSkus];
  for (const [i, sku] of skus.entries()) {
    expectOk(`product ${sku}`, await put(`${md}/v1/products/${sku}`, productBody(sku, i)));
  }
  await stockUp(ctx);
  const synced = await waitFor(() => readModelsHave(ctx, skus.length), 60_000, 500);
  if (!synced) ctx.log('  warning: read models did not receive every product within 60 s');
}

async function stockUp(ctx: Ctx): Promise<void> {
  const c = ctx.catalog;
  const movements = [
    ...c.skus.map((sku) => receipt(ctx, sku, 100_000)),
    ...c.scarceSkus.map((sku, i) => receipt(ctx, sku, 1 + (i % 5))),
  ];
  const res = await post(
    `${ctx.stack.url('inventory')}/v1/inventory/movements`,
    json(movements),
    adminHeaders,
    30_000,
  );
  expectOk('initial receipts', res);
}

function receipt(ctx: Ctx, sku: string, quantity: number) {
  return {
    eventId: `${sku}-initial`,
    source: `${ctx.catalog.tag.toLowerCase()}-seed`,
    sourceSequence: 1,
    occurredAt: new Date().toISOString(),
    type: 'receipt',
    sku,
    locationId: ctx.catalog.dc,
    quantity,
  };
}

async function readModelsHave(ctx: Ctx, count: number): Promise<boolean> {
  for (const schema of [SCHEMAS['order-ingestion'], SCHEMAS.inventory]) {
    const tables = await ctx.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE '%product%'`,
      [schema],
    );
    const table = tables.rows[0]?.table_name;
    if (!table) return true; // no read-model table to look at: nothing to wait for
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM ${schema}.${table} WHERE sku LIKE $1`,
      [`${ctx.catalog.tag}-%`],
    );
    if (rows[0].n < count) return false;
  }
  await sleep(200);
  return true;
}
