import { createHmac } from 'node:crypto';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { admin, call, credentialsFor } from '../support/http';
import { RunningSimulator, startSimulator } from '../support/start-simulator';
import { startReceiver } from '../support/webhook-receiver';

describe('channel-simulator: outbound calls, restricted data and webhooks', () => {
  let sim: RunningSimulator;
  let creds: Awaited<ReturnType<typeof credentialsFor>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const settle = () => sim.app.get(WebhooksService).settle();
  const seedOne = async (channel: string) =>
    (await admin.seed(sim, { channel, count: 1, skus: ['SKU-A'] })).body.ids[0] as string;

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await admin.reset(sim);
    creds = await credentialsFor(sim);
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await settle();
    await receiver.stop();
  });

  it('Shopify: orders/create signed with X-Shopify-Hmac-Sha256; fulfillment and inventory recorded', async () => {
    await call(sim, 'POST', '/admin/webhooks', {
      body: { channel: 'shopify', url: receiver.url, secret: 'hush' },
    });
    const id = await seedOne('shopify');
    await settle();

    const [delivery] = receiver.received;
    expect(delivery.headers['x-shopify-topic']).toBe('orders/create');
    expect(delivery.headers['x-shopify-hmac-sha256']).toBe(
      createHmac('sha256', 'hush').update(delivery.raw).digest('base64'),
    );
    expect(JSON.parse(delivery.raw).id).toBe(Number(id));

    const fo = (
      await call(sim, 'GET', `/admin/api/2024-04/orders/${id}/fulfillment_orders.json`, {
        headers: creds.shopify,
      })
    ).body.fulfillment_orders[0];
    const fulfilled = await call(sim, 'POST', '/admin/api/2024-04/fulfillments.json', {
      headers: creds.shopify,
      body: {
        fulfillment: {
          line_items_by_fulfillment_order: [{ fulfillment_order_id: fo.id }],
          tracking_info: { number: '1Z999', company: 'UPS' },
        },
      },
    });
    expect(fulfilled).toMatchObject({
      status: 201,
      body: { fulfillment: { order_id: Number(id), status: 'success', tracking_number: '1Z999' } },
    });
    const order = (
      await call(sim, 'GET', `/admin/api/2024-04/orders/${id}.json`, { headers: creds.shopify })
    ).body.order;
    expect(order.fulfillment_status).toBe('fulfilled');

    const level = await call(sim, 'POST', '/admin/api/2024-04/inventory_levels/set.json', {
      headers: creds.shopify,
      body: {
        location_id: fo.assigned_location_id,
        inventory_item_id: fo.line_items[0].inventory_item_id,
        available: 7,
      },
    });
    expect(level).toMatchObject({ status: 200, body: { inventory_level: { available: 7 } } });
    const inventory = (await call(sim, 'GET', '/admin/inventory?channel=shopify')).body;
    expect(inventory).toEqual([
      expect.objectContaining({
        sku: order.line_items[0].sku,
        location: String(fo.assigned_location_id),
        quantity: 7,
      }),
    ]);
    expect(
      (await call(sim, 'GET', '/admin/calls?channel=shopify&kind=shipment')).body,
    ).toHaveLength(1);
  });

  it('Shopify: inventorySetQuantities sets many items at once, all or nothing, for 10 points', async () => {
    const gql = (input: Record<string, unknown>) =>
      call(sim, 'POST', '/admin/api/2024-04/graphql.json', {
        headers: creds.shopify,
        body: {
          query:
            'mutation ($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code field message } } }',
          variables: { input },
        },
      });
    const lookup = await call(sim, 'POST', '/admin/api/2024-04/graphql.json', {
      headers: creds.shopify,
      body: {
        query:
          'query ($q: String!) { productVariants(first: 3, query: $q) { nodes { sku inventoryItem { id } } } }',
        variables: { q: 'sku:GQ-A OR sku:GQ-B OR sku:GQ-C' },
      },
    });
    const items = lookup.body.data.productVariants.nodes.map((n: any) => n.inventoryItem.id);
    const quantities = items.map((id: string, i: number) => ({
      inventoryItemId: id,
      locationId: 'gid://shopify/Location/65000000001',
      quantity: 10 + i,
    }));

    const set = await gql({
      name: 'available',
      reason: 'correction',
      ignoreCompareQuantity: true,
      quantities,
    });
    const noCompare = await gql({ name: 'available', reason: 'correction', quantities });
    const unknown = await gql({
      name: 'available',
      reason: 'correction',
      ignoreCompareQuantity: true,
      quantities: [
        { ...quantities[0], quantity: 99 },
        { ...quantities[1], inventoryItemId: 'gid://shopify/InventoryItem/1' },
      ],
    });
    const tooMany = await gql({
      name: 'available',
      reason: 'correction',
      ignoreCompareQuantity: true,
      quantities: Array.from({ length: 251 }, () => quantities[0]),
    });

    expect(set.body).toMatchObject({
      data: { inventorySetQuantities: { userErrors: [] } },
      extensions: { cost: { requestedQueryCost: 10 } },
    });
    expect(noCompare.body.data.inventorySetQuantities.userErrors[0].code).toBe(
      'COMPARE_QUANTITY_REQUIRED',
    );
    expect(unknown.body.data.inventorySetQuantities.userErrors).toEqual([
      expect.objectContaining({
        code: 'INVALID_INVENTORY_ITEM',
        field: ['input', 'quantities', '1', 'inventoryItemId'],
      }),
    ]);
    expect(tooMany.body.errors[0].extensions.code).toBe('MAX_INPUT_SIZE_EXCEEDED');
    const inventory = (await call(sim, 'GET', '/admin/inventory?channel=shopify')).body;
    expect(inventory.map((e: any) => [e.sku, e.location, e.quantity]).sort()).toEqual([
      ['GQ-A', '65000000001', 10],
      ['GQ-B', '65000000001', 11],
      ['GQ-C', '65000000001', 12],
    ]);
  });

  it('Shopify: dropWebhooks loses deliveries, counted as dropped', async () => {
    await call(sim, 'POST', '/admin/webhooks', { body: { channel: 'shopify', url: receiver.url } });
    await admin.faults(sim, { shopify: { dropWebhooks: 1 } });

    await admin.seed(sim, { channel: 'shopify', count: 3 });
    await settle();

    expect(receiver.received).toHaveLength(0);
    expect((await admin.stats(sim)).shopify.webhooks).toMatchObject({
      events: 3,
      dropped: 3,
      delivered: 0,
    });
  });

  it('Amazon: the address only with a Restricted Data Token; shipment confirmation and listings recorded', async () => {
    const id = await seedOne('amazon');
    const plain = (await call(sim, 'GET', `/orders/v0/orders/${id}`, { headers: creds.amazon }))
      .body.payload;
    const rdt = await call(sim, 'POST', '/tokens/2021-03-01/restrictedDataToken', {
      headers: creds.amazon,
      body: {
        restrictedResources: [
          {
            method: 'GET',
            path: '/orders/v0/orders/{orderId}',
            dataElements: ['buyerInfo', 'shippingAddress'],
          },
        ],
      },
    });
    const full = (
      await call(sim, 'GET', `/orders/v0/orders/${id}`, {
        headers: { 'x-amz-access-token': rdt.body.restrictedDataToken },
      })
    ).body.payload;

    expect(plain.ShippingAddress).toEqual({
      City: 'Springfield',
      StateOrRegion: 'IL',
      PostalCode: '62701',
      CountryCode: 'US',
      AddressType: 'Residential',
    });
    expect(plain.BuyerInfo).toEqual({});
    expect(full.ShippingAddress.AddressLine1).toMatch(/Main Street/);
    expect(full.BuyerInfo.BuyerEmail).toMatch(/@marketplace\.amazon\.com$/);

    const items = (
      await call(sim, 'GET', `/orders/v0/orders/${id}/orderItems`, { headers: creds.amazon })
    ).body.payload.OrderItems;
    const confirmWith = (packageReferenceId: string) =>
      call(sim, 'POST', `/orders/v0/orders/${id}/shipmentConfirmation`, {
        headers: creds.amazon,
        body: {
          marketplaceId: sim.config.credentials.amazon.marketplaceId,
          packageDetail: {
            packageReferenceId,
            carrierCode: 'UPS',
            trackingNumber: '1Z1',
            shipDate: new Date().toISOString(),
            orderItems: items.map((i: any) => ({
              orderItemId: i.OrderItemId,
              quantity: i.QuantityOrdered,
            })),
          },
        },
      });
    // Amazon supports only positive numeric package reference ids.
    expect((await confirmWith('ship-1')).status).toBe(400);
    expect((await confirmWith('0')).status).toBe(400);
    const confirm = await confirmWith('1');
    expect(confirm.status).toBe(204);
    expect(
      (await call(sim, 'GET', `/orders/v0/orders/${id}`, { headers: creds.amazon })).body.payload
        .OrderStatus,
    ).toBe('Shipped');
    const packages = (
      await call(sim, 'GET', `/orders/2026-01-01/orders/${id}?includedData=PACKAGES`, {
        headers: creds.amazon,
      })
    ).body.order.packages;
    expect(packages).toEqual([
      expect.objectContaining({ packageReferenceId: '1', carrier: 'UPS', trackingNumber: '1Z1' }),
    ]);

    const listing = await call(
      sim,
      'PATCH',
      `/listings/2021-08-01/items/${sim.config.credentials.amazon.sellerId}/SKU-A?marketplaceIds=ATVPDKIKX0DER`,
      {
        headers: creds.amazon,
        body: {
          productType: 'PRODUCT',
          patches: [
            {
              op: 'replace',
              path: '/attributes/fulfillment_availability',
              value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }],
            },
          ],
        },
      },
    );
    expect(listing).toMatchObject({ status: 200, body: { sku: 'SKU-A', status: 'ACCEPTED' } });
    expect((await call(sim, 'GET', '/admin/inventory?channel=amazon')).body).toEqual([
      expect.objectContaining({ sku: 'SKU-A', location: 'DEFAULT', quantity: 4 }),
    ]);
  });

  it('BigCommerce: thin store/order/created webhook with the registered headers; shipments and inventory', async () => {
    await call(sim, 'POST', '/admin/webhooks', {
      body: { channel: 'bigcommerce', url: receiver.url, headers: { 'x-webhook-key': 'k1' } },
    });
    const id = await seedOne('bigcommerce');
    await settle();
    const hash = sim.config.credentials.bigcommerce.storeHash;

    expect(receiver.received[0].headers['x-webhook-key']).toBe('k1');
    expect(JSON.parse(receiver.received[0].raw)).toMatchObject({
      scope: 'store/order/created',
      data: { type: 'order', id: Number(id) },
      producer: `stores/${hash}`,
    });

    const products = (
      await call(sim, 'GET', `/stores/${hash}/v2/orders/${id}/products`, {
        headers: creds.bigcommerce,
      })
    ).body;
    const shipment = await call(sim, 'POST', `/stores/${hash}/v2/orders/${id}/shipments`, {
      headers: creds.bigcommerce,
      body: {
        order_address_id: products[0].order_address_id,
        tracking_number: 'T1',
        items: products.map((p: any) => ({ order_product_id: p.id, quantity: p.quantity })),
      },
    });
    expect(shipment.status).toBe(201);
    expect(
      (await call(sim, 'GET', `/stores/${hash}/v2/orders/${id}`, { headers: creds.bigcommerce }))
        .body.status,
    ).toBe('Shipped');
    const again = await call(sim, 'POST', `/stores/${hash}/v2/orders/${id}/shipments`, {
      headers: creds.bigcommerce,
      body: {
        order_address_id: products[0].order_address_id,
        items: [{ order_product_id: products[0].id, quantity: 1 }],
      },
    });
    expect(again.status).toBe(400);
    const listed = await call(sim, 'GET', `/stores/${hash}/v2/orders/${id}/shipments`, {
      headers: creds.bigcommerce,
    });
    expect(listed.body).toEqual([expect.objectContaining({ tracking_number: 'T1' })]);

    const adjust = await call(sim, 'PUT', `/stores/${hash}/v3/inventory/adjustments/absolute`, {
      headers: creds.bigcommerce,
      body: {
        reason: 'sync',
        items: [{ location_id: 1, variant_id: products[0].variant_id, quantity: 9 }],
      },
    });
    expect(adjust.body.transaction_id).toEqual(expect.any(String));
    expect((await call(sim, 'GET', '/admin/inventory?channel=bigcommerce')).body).toEqual([
      expect.objectContaining({ sku: products[0].sku, location: '1', quantity: 9 }),
    ]);
  });

  it('Adobe Commerce: ship answers the shipment id, source items recorded', async () => {
    const id = await seedOne('adobe-commerce');

    const shipped = await call(sim, 'POST', `/rest/V1/order/${id}/ship`, {
      headers: creds.adobe,
      body: {
        notify: false,
        comment: { comment: 'shipment s-1', is_visible_on_front: 0 },
        tracks: [{ track_number: 'T', title: 'UPS', carrier_code: 'ups' }],
      },
    });
    const twice = await call(sim, 'POST', `/rest/V1/order/${id}/ship`, {
      headers: creds.adobe,
      body: {},
    });
    const saved = await call(sim, 'POST', '/rest/V1/inventory/source-items', {
      headers: creds.adobe,
      body: { sourceItems: [{ sku: 'SKU-A', source_code: 'default', quantity: 3, status: 1 }] },
    });

    expect(shipped).toMatchObject({ status: 200, body: '1' });
    expect(shipped.headers.get('content-type')).toMatch(/application\/json/);
    expect(twice.status).toBe(400);
    expect(saved).toMatchObject({ status: 200, body: [] });
    expect(
      (await call(sim, 'GET', `/rest/V1/orders/${id}`, { headers: creds.adobe })).body.state,
    ).toBe('processing');
    const f = 'searchCriteria[filter_groups][0][filters][0]';
    const listed = await call(
      sim,
      'GET',
      `/rest/V1/shipments?${f}[field]=order_id&${f}[value]=${id}&${f}[condition_type]=eq`,
      { headers: creds.adobe },
    );
    expect(listed.body.total_count).toBe(1);
    expect(listed.body.items[0]).toMatchObject({
      tracks: [expect.objectContaining({ track_number: 'T' })],
      comments: [expect.objectContaining({ comment: 'shipment s-1' })],
    });
  });

  it('Salesforce Commerce: an OCAPI batch request sets many inventory records in one call, each part with its status', async () => {
    const part = (id: string, extension: string, body: string) =>
      `--b1\r\nx-dw-content-id: ${id}\r\nx-dw-resource-path-extension: ${extension}\r\n\r\n${body}\r\n`;
    const batch = (parts: string[]) =>
      fetch(`${sim.baseUrl}/s/-/dw/batch`, {
        method: 'POST',
        headers: {
          ...creds.sfcc,
          'content-type': 'multipart/mixed; boundary=b1',
          'x-dw-http-method': 'PATCH',
          'x-dw-resource-path': '/s/-/dw/data/v23_2/inventory_lists/',
        },
        body: `${parts.join('')}--b1--\r\n`,
      });
    const amount = (n: number) => JSON.stringify({ allocation: { amount: n } });

    const res = await batch([
      part('a', 'inventory_m/product_inventory_records/SKU-B1', amount(4)),
      part('b', 'no_such_list/product_inventory_records/SKU-B2', amount(5)),
      part('c', 'inventory_m/product_inventory_records/SKU-B3', amount(6)),
    ]);
    const tooMany = await batch(
      Array.from({ length: 51 }, (_, i) => part(String(i), 'x', amount(1))),
    );

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('multipart/mixed; boundary=b1');
    const text = await res.text();
    const statuses = [...text.matchAll(/x-dw-content-id: (\w+)\r\nx-dw-status-code: (\d+)/g)].map(
      (m) => [m[1], Number(m[2])],
    );
    expect(statuses).toEqual([
      ['a', 200],
      ['b', 404],
      ['c', 200],
    ]);
    expect(tooMany.status).toBe(400);
    const inventory = (await call(sim, 'GET', '/admin/inventory?channel=salesforce-commerce')).body;
    expect(inventory.map((e: any) => [e.sku, e.quantity]).sort()).toEqual([
      ['SKU-B1', 4],
      ['SKU-B3', 6],
    ]);
    expect((await admin.stats(sim))['salesforce-commerce'].operations.batch.requests).toBe(2);
    const calls = (
      await call(sim, 'GET', '/admin/calls?channel=salesforce-commerce&kind=inventory')
    ).body;
    expect(calls.map((c: any) => [c.operation, c.inventory.length])).toEqual([['batch', 2]]);
  });

  it('Salesforce Commerce: order status and shipping status, inventory list records', async () => {
    const id = await seedOne('salesforce-commerce');
    const site = sim.config.credentials['salesforce-commerce'].siteId;

    const shipped = await call(sim, 'PATCH', `/s/${site}/dw/shop/v23_2/orders/${id}`, {
      headers: creds.sfcc,
      body: { shipping_status: 'shipped', status: 'completed' },
    });
    const wrong = await call(sim, 'PATCH', `/s/${site}/dw/shop/v23_2/orders/${id}`, {
      headers: creds.sfcc,
      body: { status: 'teleported' },
    });
    const record = await call(
      sim,
      'PATCH',
      '/s/-/dw/data/v23_2/inventory_lists/inventory_m/product_inventory_records/SKU-A',
      { headers: creds.sfcc, body: { allocation: { amount: 11 } } },
    );

    expect(shipped).toMatchObject({
      status: 200,
      body: { status: 'completed', shipping_status: 'shipped' },
    });
    expect(wrong).toMatchObject({
      status: 400,
      body: { fault: { type: 'InvalidRequestException' } },
    });
    expect(record).toMatchObject({
      status: 200,
      body: { product_id: 'SKU-A', allocation: { amount: 11 } },
    });
    expect(
      (await call(sim, 'GET', '/admin/calls?channel=salesforce-commerce&kind=shipment')).body,
    ).toHaveLength(1);
  });

  it('Square: order.created signed over URL + body; versioned fulfillment update; inventory counts', async () => {
    await call(sim, 'POST', '/admin/webhooks', {
      body: { channel: 'square', url: receiver.url, secret: 'sig-key' },
    });
    const id = await seedOne('square');
    await settle();
    const delivery = receiver.received[0];
    expect(delivery.headers['x-square-hmacsha256-signature']).toBe(
      createHmac('sha256', 'sig-key')
        .update(receiver.url + delivery.raw)
        .digest('base64'),
    );
    expect(JSON.parse(delivery.raw)).toMatchObject({
      type: 'order.created',
      data: {
        type: 'order_created',
        id,
        object: { order_created: { order_id: id, version: 1, state: 'OPEN' } },
      },
    });

    const order = (await call(sim, 'GET', `/v2/orders/${id}`, { headers: creds.square })).body
      .order;
    const stale = await call(sim, 'PUT', `/v2/orders/${id}`, {
      headers: creds.square,
      body: { order: { version: 99, fulfillments: [] }, idempotency_key: 'a' },
    });
    const done = await call(sim, 'PUT', `/v2/orders/${id}`, {
      headers: creds.square,
      body: {
        order: {
          location_id: order.location_id,
          version: order.version,
          fulfillments: [{ uid: order.fulfillments[0].uid, state: 'COMPLETED' }],
        },
        idempotency_key: 'b',
      },
    });
    const batch = await call(sim, 'POST', '/v2/orders/batch-retrieve', {
      headers: creds.square,
      body: { order_ids: [id, 'missing'] },
    });

    expect(stale).toMatchObject({ status: 400, body: { errors: [{ code: 'VERSION_MISMATCH' }] } });
    expect(done.body.order).toMatchObject({ version: 2, fulfillments: [{ state: 'COMPLETED' }] });
    expect(batch.body.orders).toHaveLength(1);

    const counted = await call(sim, 'POST', '/v2/inventory/changes/batch-create', {
      headers: creds.square,
      body: {
        idempotency_key: 'inv-1',
        changes: [
          {
            type: 'PHYSICAL_COUNT',
            physical_count: {
              catalog_object_id: order.line_items[0].catalog_object_id,
              state: 'IN_STOCK',
              location_id: order.location_id,
              quantity: '5',
              occurred_at: new Date().toISOString(),
            },
          },
        ],
      },
    });
    expect(counted.body.counts[0]).toMatchObject({ quantity: '5', state: 'IN_STOCK' });
    expect((await call(sim, 'GET', '/admin/inventory?channel=square')).body).toEqual([
      expect.objectContaining({ sku: 'SKU-A', quantity: 5 }),
    ]);
  });
});
