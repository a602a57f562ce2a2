import { PRODUCT_CHANGED_SUBJECT } from '@retail/contracts';
import {
  admin,
  db,
  outboxEvents,
  productBody,
  startMasterData,
  type MasterDataService,
} from './support';

describe('products: versioned writes', () => {
  let svc: MasterDataService;
  const put = (sku: string, body: object, headers: Record<string, string> = admin) =>
    svc.http().put(`/v1/products/${sku}`).set(headers).send(body);

  beforeAll(async () => {
    svc = await startMasterData();
  });
  afterAll(() => svc?.close());

  it('creates (201), updates with a greater version (200) and publishes each change', async () => {
    await put('SKU-A', productBody(1)).expect(201);
    const updated = await put('SKU-A', productBody(2, { name: 'Renamed' })).expect(200);
    expect(updated.body).toMatchObject({ sku: 'SKU-A', name: 'Renamed', version: 2 });
    const got = await svc.http().get('/v1/products/SKU-A').set(admin).expect(200);
    expect(got.body).toEqual({ sku: 'SKU-A', ...productBody(2, { name: 'Renamed' }) });
    const events = (await outboxEvents(svc, PRODUCT_CHANGED_SUBJECT)).filter(
      (e) => e.subject === 'SKU-A',
    );
    expect(events.map((e) => e.data.product.version)).toEqual([1, 2]);
  });

  it.each([
    ['an older version', 1],
    ['the same version', 2],
  ])('refuses %s with 409 and changes nothing', async (_label, version) => {
    const before = await outboxEvents(svc, PRODUCT_CHANGED_SUBJECT);
    const res = await put('SKU-A', productBody(version, { name: 'Stale' })).expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toContain('not greater than the stored version 2');
    const got = await svc.http().get('/v1/products/SKU-A').set(admin).expect(200);
    expect(got.body).toMatchObject({ name: 'Renamed', version: 2 });
    expect(await outboxEvents(svc, PRODUCT_CHANGED_SUBJECT)).toHaveLength(before.length);
  });

  it('keeps the highest version under concurrent writers', async () => {
    const versions = Array.from({ length: 20 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    const answers = await Promise.all(versions.map((v) => put('SKU-RACE', productBody(v))));
    expect(answers.every((a) => [200, 201, 409].includes(a.status))).toBe(true);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const got = await svc.http().get('/v1/products/SKU-RACE').set(admin).expect(200);
    expect(got.body.version).toBe(20);
    const applied = answers.filter((a) => a.status !== 409).length;
    const events = (await outboxEvents(svc, PRODUCT_CHANGED_SUBJECT)).filter(
      (e) => e.subject === 'SKU-RACE',
    );
    expect(events).toHaveLength(applied);
  });

  it('validates the body with the Product contract and needs an admin key', async () => {
    const bad = await put('SKU-B', { ...productBody(1), status: 'archived', colour: 'red' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['status', 'colour']),
    );
    await put('SKU-B', productBody(1), { 'x-api-key': 'shopify-key' }).expect(403);
    await put('SKU-B', productBody(1), {}).expect(401);
    const [{ count }] = await db(svc).query(
      "SELECT count(*)::int FROM product WHERE sku = 'SKU-B'",
    );
    expect(count).toBe(0);
  });

  it('answers 404 for an unknown product', async () => {
    const res = await svc.http().get('/v1/products/NOPE').set(admin).expect(404);
    expect(res.body.status).toBe(404);
  });
});
