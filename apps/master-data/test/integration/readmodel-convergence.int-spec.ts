import { MasterDataReadModel } from '@retail/masterdata-readmodel';
import {
  dropSchema,
  startTestService,
  testDatabaseUrl,
  type TestService,
} from '@retail/platform-testing';
import { readModelHost } from './fixture/readmodel-host';
import {
  admin,
  eventually,
  locationBody,
  productBody,
  startMasterData,
  type MasterDataService,
} from './support';

describe('read models converge from master-data events', () => {
  let md: MasterDataService;
  let host: TestService<unknown>;
  let sut: MasterDataReadModel;
  let mdStopped = false;

  beforeAll(async () => {
    // KEEP_STATE: master-data stops first (the "master-data is down" check) without deleting the
    // shared streams under the host; the host's close deletes them, the schema is dropped below.
    md = await startMasterData({ KEEP_STATE: '1' });
    host = await startTestService(readModelHost, { NATS_NAMESPACE: md.namespace });
    sut = host.app.get(MasterDataReadModel);
  });
  afterAll(async () => {
    if (!mdStopped) await md?.app.close();
    await host?.close();
    if (md) await dropSchema(testDatabaseUrl(), md.schema);
  });

  it('ends up with the newest product, location tree, mapping and imported products', async () => {
    const http = () => md.http();
    await http().put('/v1/products/RM-1').set(admin).send(productBody(1)).expect(201);
    await http()
      .put('/v1/products/RM-1')
      .set(admin)
      .send(productBody(3, { name: 'v3' }))
      .expect(200);
    await http().put('/v1/products/RM-1').set(admin).send(productBody(2)).expect(409);
    await http()
      .put('/v1/locations/net')
      .set(admin)
      .send(locationBody(1, undefined, 'network'))
      .expect(201);
    await http()
      .put('/v1/locations/eu')
      .set(admin)
      .send(locationBody(1, 'net', 'region'))
      .expect(201);
    await http()
      .put('/v1/locations/us')
      .set(admin)
      .send(locationBody(1, 'net', 'region'))
      .expect(201);
    await http()
      .put('/v1/locations/dc1')
      .set(admin)
      .send(locationBody(1, 'eu', 'dc'))
      .expect(201);
    await http()
      .put('/v1/locations/st1')
      .set(admin)
      .send(locationBody(1, 'dc1', 'store'))
      .expect(201);
    await http()
      .put('/v1/locations/dc1')
      .set(admin)
      .send(locationBody(2, 'us', 'dc'))
      .expect(200);
    await http()
      .put('/v1/channel-mappings/shopify/4401')
      .set(admin)
      .send({ sku: 'RM-1' })
      .expect(201);
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ sku: `RM-IMP-${i}`, ...productBody(1) }),
    );
    await http()
      .post('/v1/products:import')
      .set({ ...admin, 'content-type': 'application/x-ndjson' })
      .send(lines.join('\n'))
      .expect(200);

    const last = await eventually(
      () => sut.getProduct('RM-IMP-299'),
      (p) => p !== undefined,
    );
    expect(last).toMatchObject({ sku: 'RM-IMP-299', version: 1 });
    expect(await sut.getProduct('RM-1')).toMatchObject({ name: 'v3', version: 3 });
    expect((await sut.getProducts(lines.map((_, i) => `RM-IMP-${i}`))).size).toBe(300);
    const moved = await eventually(
      () => sut.getLocation('dc1'),
      (l) => l?.version === 2,
    );
    expect(moved).toMatchObject({ parentId: 'us', type: 'dc' });
    expect((await sut.subtreeOf('us')).sort()).toEqual(['dc1', 'st1', 'us']);
    expect(await sut.subtreeOf('eu')).toEqual(['eu']);
    expect(
      await eventually(
        () => sut.resolveChannelSku('shopify', '4401'),
        (s) => !!s,
      ),
    ).toBe('RM-1');
  }, 60_000);

  it('keeps answering while master-data is down', async () => {
    await md.app.close();
    mdStopped = true;
    expect(await sut.getProduct('RM-1')).toMatchObject({ version: 3 });
    expect(await sut.resolveChannelSku('shopify', '4401')).toBe('RM-1');
  });
});
