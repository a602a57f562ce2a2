import { LOCATION_CHANGED_SUBJECT } from '@retail/contracts';
import {
  admin,
  locationBody,
  outboxEvents,
  startMasterData,
  type MasterDataService,
} from './support';

describe('locations: hierarchy of any depth, no cycles', () => {
  let svc: MasterDataService;
  const put = (id: string, body: object) =>
    svc.http().put(`/v1/locations/${id}`).set(admin).send(body);
  const get = (id: string) => svc.http().get(`/v1/locations/${id}`).set(admin);

  beforeAll(async () => {
    svc = await startMasterData();
    // network > europe > germany > dc-berlin > store-mitte > dark-store-mitte (6 levels)
    await put('network', locationBody(1, undefined, 'network')).expect(201);
    await put('europe', locationBody(1, 'network', 'region')).expect(201);
    await put('germany', locationBody(1, 'europe', 'region')).expect(201);
    await put('dc-berlin', locationBody(1, 'germany', 'dc')).expect(201);
    await put('store-mitte', locationBody(1, 'dc-berlin', 'store')).expect(201);
    await put('dark-mitte', locationBody(1, 'store-mitte', 'dark_store')).expect(201);
    await put('americas', locationBody(1, 'network', 'region')).expect(201);
  });
  afterAll(() => svc?.close());

  it('stores any depth and publishes ancestors root first', async () => {
    const leaf = await get('dark-mitte').expect(200);
    expect(leaf.body).toMatchObject({
      id: 'dark-mitte',
      parentId: 'store-mitte',
      type: 'dark_store',
      ancestorIds: ['network', 'europe', 'germany', 'dc-berlin', 'store-mitte'],
    });
    const events = await outboxEvents(svc, LOCATION_CHANGED_SUBJECT);
    const leafEvent = events.find((e) => e.subject === 'dark-mitte');
    expect(leafEvent?.data.ancestorIds).toEqual(leaf.body.ancestorIds);
    const subtree = await svc.http().get('/v1/locations/germany/subtree').set(admin).expect(200);
    expect(subtree.body.locationIds.sort()).toEqual(
      ['dark-mitte', 'dc-berlin', 'germany', 'store-mitte'].sort(),
    );
  });

  it('refuses a parent that does not exist (422)', async () => {
    const res = await put('store-x', locationBody(1, 'nowhere')).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'parentId' })]);
    await get('store-x').expect(404);
  });

  it.each([
    ['itself as parent', 'germany', 'germany'],
    ['a child as parent', 'germany', 'dc-berlin'],
    ['a deep descendant as parent', 'network', 'dark-mitte'],
  ])('refuses %s (cycle, 422) and changes nothing', async (_label, id, parentId) => {
    const before = await get(id).expect(200);
    const res = await put(id, locationBody(before.body.version + 1, parentId, 'region'));
    expect(res.status).toBe(422);
    expect(res.body.type).toContain('hierarchy-cycle');
    const after = await get(id).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('moves a subtree under another branch with a newer version', async () => {
    await put('germany', locationBody(2, 'americas', 'region')).expect(200);
    const leaf = await get('dark-mitte').expect(200);
    expect(leaf.body.ancestorIds).toEqual([
      'network',
      'americas',
      'germany',
      'dc-berlin',
      'store-mitte',
    ]);
  });

  it('refuses a stale version with 409', async () => {
    const res = await put('germany', locationBody(2, 'europe', 'region')).expect(409);
    expect(res.body.detail).toContain('not greater than the stored version 2');
    expect((await get('germany')).body.parentId).toBe('americas');
  });

  it('never builds a cycle from two concurrent opposite moves', async () => {
    await put('a', locationBody(1, 'network', 'region')).expect(201);
    await put('b', locationBody(1, 'network', 'region')).expect(201);
    const [ab, ba] = await Promise.all([
      put('a', locationBody(2, 'b', 'region')),
      put('b', locationBody(2, 'a', 'region')),
    ]);
    expect([ab.status, ba.status].sort()).toEqual([200, 422]);
  });
});
