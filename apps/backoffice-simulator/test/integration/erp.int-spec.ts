import request from 'supertest';
import { RunningSimulator, startSimulator } from '../support/start-simulator';

const SO_PATH = '/services/rest/record/v1/salesOrder';

function salesOrder(overrides: Record<string, unknown> = {}) {
  return {
    entity: { id: 'CUST-1' },
    tranDate: '2026-11-26',
    currency: { id: 'EUR' },
    location: { id: 'DC1' },
    item: { items: [{ item: { id: 'ITEM-1' }, quantity: 2, rate: 19.99, amount: 39.98 }] },
    ...overrides,
  };
}

describe('backoffice-simulator ERP (NetSuite REST shape)', () => {
  let sim: RunningSimulator;
  const http = () => request(sim.baseUrl);
  const stats = async () => (await http().get('/admin/stats').expect(200)).body;

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await http().post('/admin/reset').expect(200);
  });

  it('creates a sales order once per external id and counts repeats', async () => {
    const first = await http().put(`${SO_PATH}/eid:shopify_1001`).send(salesOrder()).expect(204);
    const second = await http().put(`${SO_PATH}/eid:shopify_1001`).send(salesOrder()).expect(204);

    expect(first.headers['x-simulator-outcome']).toBe('created');
    expect(second.headers['x-simulator-outcome']).toBe('repeated');
    expect(second.headers.location).toBe(first.headers.location);
    expect(first.headers.location).toMatch(/\/services\/rest\/record\/v1\/salesOrder\/\d+$/);
    expect((await stats()).erp.salesOrders).toEqual({ created: 1, repeated: 1 });
  });

  it('creates exactly one record when the same external id is upserted concurrently', async () => {
    await http()
      .post('/admin/faults')
      .send({ erp: { maxConcurrency: null } })
      .expect(200);
    const calls = Array.from({ length: 8 }, () =>
      http().put(`${SO_PATH}/eid:race_1`).send(salesOrder()),
    );
    const responses = await Promise.all(calls);

    const outcomes = responses.map((r) => r.headers['x-simulator-outcome']).sort();
    expect(responses.every((r) => r.status === 204)).toBe(true);
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect((await stats()).erp.salesOrders).toEqual({ created: 1, repeated: 7 });
  });

  it('returns the record by external id and by internal id', async () => {
    const put = await http().put(`${SO_PATH}/eid:SO-7`).send(salesOrder()).expect(204);
    const internalId = String(put.headers.location).split('/').pop();

    const byEid = await http().get(`${SO_PATH}/eid:SO-7`).expect(200);
    const byId = await http().get(`${SO_PATH}/${internalId}`).expect(200);

    expect(byEid.body).toMatchObject({
      id: internalId,
      externalId: 'SO-7',
      entity: { id: 'CUST-1' },
    });
    expect(byEid.body.status).toEqual({ id: 'B', refName: 'Pending Fulfillment' });
    expect(byId.body.externalId).toBe('SO-7');
  });

  it('cancels once and counts a repeated cancel', async () => {
    await http().put(`${SO_PATH}/eid:SO-8`).send(salesOrder()).expect(204);

    const first = await http().post(`${SO_PATH}/eid:SO-8/@cancel`).expect(200);
    const again = await http().post(`${SO_PATH}/eid:SO-8/@cancel`).expect(200);

    expect(first.body.result).toBe(true);
    expect(first.headers['x-simulator-outcome']).toBe('created');
    expect(again.headers['x-simulator-outcome']).toBe('repeated');
    const record = await http().get(`${SO_PATH}/eid:SO-8`).expect(200);
    expect(record.body.status.refName).toBe('Cancelled');
    expect((await stats()).erp.cancellations).toEqual({ created: 1, repeated: 1 });
  });

  it('answers 404 NONEXISTENT_ID when cancelling an unknown order', async () => {
    const response = await http().post(`${SO_PATH}/eid:nope/@cancel`).expect(404);

    expect(response.body['o:errorDetails'][0]['o:errorCode']).toBe('NONEXISTENT_ID');
    expect((await stats()).erp.cancellations.created).toBe(0);
  });

  it('rejects invalid bodies and ids with NetSuite error details, storing nothing', async () => {
    const badBody = await http()
      .put(`${SO_PATH}/eid:SO-9`)
      .send(salesOrder({ tranDate: 'yesterday', item: { items: [] } }))
      .expect(400);
    const badId = await http().put(`${SO_PATH}/eid:has space`).send(salesOrder()).expect(400);
    const mismatch = await http()
      .put(`${SO_PATH}/eid:SO-9`)
      .send(salesOrder({ externalId: 'OTHER' }))
      .expect(400);

    const paths = badBody.body['o:errorDetails'].map(
      (d: { 'o:errorPath': string }) => d['o:errorPath'],
    );
    expect(paths).toEqual(expect.arrayContaining(['tranDate', 'item.items']));
    expect(badId.body['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_ID');
    expect(mismatch.body['o:errorDetails'][0]['o:errorPath']).toBe('externalId');
    expect((await stats()).erp.salesOrders.created).toBe(0);
  });

  it('keys return authorizations and credit memos by external id', async () => {
    const ra = { ...salesOrder(), createdFrom: { externalId: 'SO-1' } };
    await http().put('/services/rest/record/v1/returnAuthorization/eid:RMA-1').send(ra).expect(204);
    await http().put('/services/rest/record/v1/returnAuthorization/eid:RMA-1').send(ra).expect(204);
    await http().put('/services/rest/record/v1/creditMemo/eid:CM-1').send(ra).expect(204);

    const { erp } = await stats();
    expect(erp.returnAuthorizations).toEqual({ created: 1, repeated: 1 });
    expect(erp.creditMemos).toEqual({ created: 1, repeated: 0 });
  });

  it('applies an inventory adjustment batch to on-hand exactly once', async () => {
    const batch = {
      tranDate: '2026-11-26',
      inventory: {
        items: [
          { item: { id: 'I-1' }, location: { id: 'DC1' }, adjustQtyBy: 10 },
          { item: { id: 'I-1' }, location: { id: 'DC1' }, adjustQtyBy: -3 },
          { item: { id: 'I-2' }, location: { id: 'DC2' }, adjustQtyBy: 4 },
        ],
      },
    };
    const path = '/services/rest/record/v1/inventoryAdjustment/eid:batch_1';
    await http().put(path).send(batch).expect(204);
    await http().put(path).send(batch).expect(204);

    const balances = await http().get('/services/rest/record/v1/inventoryBalance').expect(200);
    const filtered = await http()
      .get('/services/rest/record/v1/inventoryBalance?item=I-2')
      .expect(200);

    expect(balances.body.items).toEqual([
      { item: { id: 'I-1' }, location: { id: 'DC1' }, quantityOnHand: 7 },
      { item: { id: 'I-2' }, location: { id: 'DC2' }, quantityOnHand: 4 },
    ]);
    expect(filtered.body.items).toHaveLength(1);
    expect((await stats()).erp.inventoryAdjustments).toEqual({ created: 1, repeated: 1, lines: 3 });
  });

  it('exports the seeded item master page by page through the cursor', async () => {
    await http()
      .post('/admin/seed/items')
      .send({ count: 25, onHand: { locationIds: ['DC1'], quantity: 5 } })
      .expect(200);

    const skus: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await http()
        .get('/services/rest/record/v1/inventoryItem')
        .query({ limit: 10, ...(cursor ? { cursor } : {}) })
        .expect(200);
      skus.push(...page.body.items.map((i: { itemId: string }) => i.itemId));
      cursor = page.body.hasMore ? page.body.nextCursor : undefined;
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    expect(new Set(skus).size).toBe(25);
    expect(skus[0]).toBe('SKU-000001');
    const balance = await http().get(
      '/services/rest/record/v1/inventoryBalance?location=DC1&limit=1000',
    );
    expect(balance.body.items).toHaveLength(25);
  });

  it('refuses a malformed cursor', async () => {
    await http().get('/services/rest/record/v1/inventoryItem?cursor=garbage').expect(400);
  });
});
