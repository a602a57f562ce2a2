import { CHANNEL_MAPPING_CHANGED_SUBJECT } from '@retail/contracts';
import { admin, outboxEvents, startMasterData, type MasterDataService } from './support';

describe('channel SKU mappings', () => {
  let svc: MasterDataService;
  const put = (path: string, body: object, key = admin) =>
    svc.http().put(`/v1/channel-mappings/${path}`).set(key).send(body);

  beforeAll(async () => {
    svc = await startMasterData();
  });
  afterAll(() => svc?.close());

  it('creates, updates by version and refuses a stale version', async () => {
    await put('shopify/4401', { sku: 'SKU-A', version: 1 }).expect(201);
    await put('shopify/4401', { sku: 'SKU-B', version: 2 }).expect(200);
    const stale = await put('shopify/4401', { sku: 'SKU-C', version: 2 }).expect(409);
    expect(stale.body.status).toBe(409);
    const got = await svc.http().get('/v1/channel-mappings/shopify/4401').set(admin).expect(200);
    expect(got.body).toEqual({ channel: 'shopify', channelSku: '4401', sku: 'SKU-B', version: 2 });
  });

  it('without a version, bumps the version only when the SKU changes', async () => {
    await put('amazon/B00X', { sku: 'SKU-A' }).expect(201);
    await put('amazon/B00X', { sku: 'SKU-A' }).expect(200);
    const changed = await put('amazon/B00X', { sku: 'SKU-Z' }).expect(200);
    expect(changed.body.version).toBe(2);
    const events = (await outboxEvents(svc, CHANNEL_MAPPING_CHANGED_SUBJECT)).filter(
      (e) => e.subject === 'amazon/B00X',
    );
    expect(events.map((e) => [e.data.sku, e.data.version])).toEqual([
      ['SKU-A', 1],
      ['SKU-Z', 2],
    ]);
  });

  it("lets a channel key map only its own channel's SKUs", async () => {
    await put('shopify/9', { sku: 'SKU-A' }, { 'x-api-key': 'shopify-key' }).expect(201);
    await put('amazon/9', { sku: 'SKU-A' }, { 'x-api-key': 'shopify-key' }).expect(403);
    await put('Bad Channel/9', { sku: 'SKU-A' }).expect(422);
  });
});
