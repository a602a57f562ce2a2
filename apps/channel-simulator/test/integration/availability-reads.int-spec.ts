import { admin, call } from '../support/http';
import { simulatorPerSuite } from '../support/start-simulator';

/**
 * The availability reads of Shopify, Amazon, Adobe Commerce and Salesforce B2C: what the
 * middleware last set, or a merchant's edit made after it (drift), in each vendor's shape.
 */
describe('channel-simulator: availability reads', () => {
  const ctx = simulatorPerSuite();
  const edit = (channel: string, sku: string, location: string, quantity: number) =>
    call(ctx.sim, 'POST', '/admin/inventory', { body: { channel, sku, location, quantity } });

  it('Shopify: inventory_levels.json shows the pushed level, then the merchant edit', async () => {
    const lookup = await call(ctx.sim, 'POST', '/admin/api/2024-04/graphql.json', {
      headers: ctx.creds.shopify,
      body: { query: 'query { productVariants(first: 1, query: "sku:R-1") { nodes { sku } } }' },
    });
    const itemId = lookup.body.data.productVariants.nodes[0].inventoryItem.id.split('/').pop();
    const set = await call(ctx.sim, 'POST', '/admin/api/2024-04/inventory_levels/set.json', {
      headers: ctx.creds.shopify,
      body: { location_id: 65000000001, inventory_item_id: Number(itemId), available: 8 },
    });
    expect(set.status).toBe(200);
    const levels = () =>
      call(
        ctx.sim,
        'GET',
        `/admin/api/2024-04/inventory_levels.json?inventory_item_ids=${itemId}&location_ids=65000000001`,
        { headers: ctx.creds.shopify },
      );
    expect((await levels()).body.inventory_levels).toEqual([
      expect.objectContaining({
        inventory_item_id: Number(itemId),
        location_id: 65000000001,
        available: 8,
      }),
    ]);
    expect((await edit('shopify', 'R-1', '65000000001', 3)).status).toBe(204);
    expect((await levels()).body.inventory_levels[0].available).toBe(3);
    // The edit is the merchant's, not a call of the middleware.
    expect(
      (await call(ctx.sim, 'GET', '/admin/calls?channel=shopify&kind=inventory')).body,
    ).toHaveLength(1);
    const bare = await call(ctx.sim, 'GET', '/admin/api/2024-04/inventory_levels.json', {
      headers: ctx.creds.shopify,
    });
    expect(bare.status).toBe(422);
  });

  it('Amazon: getListingsItem with fulfillmentAvailability; 404 for a SKU never listed', async () => {
    const seller = ctx.sim.config.credentials.amazon.sellerId;
    await edit('amazon', 'R-2', 'DEFAULT', 5);
    const read = (sku: string) =>
      call(
        ctx.sim,
        'GET',
        `/listings/2021-08-01/items/${seller}/${sku}?marketplaceIds=ATVPDKIKX0DER&includedData=fulfillmentAvailability`,
        { headers: ctx.creds.amazon },
      );
    const found = await read('R-2');
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      sku: 'R-2',
      fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 5 }],
    });
    expect((await read('NEVER')).status).toBe(404);
    const stats = await admin.stats(ctx.sim);
    expect(stats.amazon.limits.getListingsItem.limit).toMatchObject({
      kind: 'bucket',
      capacity: 10,
      ratePerSecond: 5,
    });
    expect(stats.amazon.limits.getListingsItem.attempts).toBe(2);
  });

  it('Adobe Commerce: source-items filtered by searchCriteria', async () => {
    await edit('adobe-commerce', 'R-3', 'default', 4);
    await edit('adobe-commerce', 'R-4', 'default', 0);
    await edit('adobe-commerce', 'R-5', 'other', 9);
    const f = (g: number, k: string) => `searchCriteria[filter_groups][${g}][filters][0][${k}]`;
    const q = new URLSearchParams({
      [f(0, 'field')]: 'sku',
      [f(0, 'value')]: 'R-3,R-4,R-5',
      [f(0, 'condition_type')]: 'in',
      [f(1, 'field')]: 'source_code',
      [f(1, 'value')]: 'default',
      [f(1, 'condition_type')]: 'in',
    });
    const res = await call(ctx.sim, 'GET', `/rest/V1/inventory/source-items?${q}`, {
      headers: ctx.creds.adobe,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      items: [
        { sku: 'R-3', source_code: 'default', quantity: 4, status: 1 },
        { sku: 'R-4', source_code: 'default', quantity: 0, status: 0 },
      ],
      total_count: 2,
    });
  });

  it('Salesforce Commerce: the product inventory record; 404 when never set', async () => {
    const list = ctx.sim.config.credentials['salesforce-commerce'].inventoryListId;
    await edit('salesforce-commerce', 'R-6', list, 7);
    const read = (listId: string, product: string) =>
      call(
        ctx.sim,
        'GET',
        `/s/-/dw/data/v23_2/inventory_lists/${listId}/product_inventory_records/${product}`,
        { headers: ctx.creds.sfcc },
      );
    const found = await read(list, 'R-6');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ product_id: 'R-6', allocation: { amount: 7 }, ats: 7 });
    expect((await read(list, 'NEVER')).status).toBe(404);
    expect((await read('no-such-list', 'R-6')).status).toBe(404);
  });

  it('refuses a malformed merchant edit', async () => {
    const res = await call(ctx.sim, 'POST', '/admin/inventory', {
      body: { channel: 'shopify', sku: 'X', location: '1', quantity: -1 },
    });
    expect(res.status).toBe(400);
  });
});
