import {
  CHANNEL_MAPPING_CHANGED_SUBJECT,
  LOCATION_CHANGED_SUBJECT,
  PRODUCT_CHANGED_SUBJECT,
} from '@retail/contracts';
import { EventPublisher } from '@retail/platform-messaging';
import { describeServiceBoot, startTestService, TestService } from '@retail/platform-testing';
import { MasterDataReadModel, ReadModelChange } from '../../src';
import { readModelHost } from './fixture/readmodel-host';

const changedAt = '2026-11-19T18:00:00Z';
const product = (sku: string, version: number, name = `Product ${sku}`) => ({
  sku,
  product: {
    name,
    erpItemId: `ITEM-${sku}`,
    status: 'active',
    serialTracked: false,
    lotTracked: false,
    returnable: true,
    returnWindowDays: 30,
    restockingFeePercent: 12.5,
    version,
  },
  changedAt,
});
const location = (id: string, parentId: string | undefined, version = 1) => ({
  locationId: id,
  location: {
    name: id,
    type: parentId ? 'store' : 'network',
    ...(parentId ? { parentId } : {}),
    capabilities: { ship: true, pickup: false, shipFromStore: false, returns: true },
    version,
  },
  ancestorIds: [],
  changedAt,
});

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await probe();
  }
  return value;
}

describeServiceBoot(readModelHost);

describe('MasterDataReadModel kept from events', () => {
  let svc: TestService<ReturnType<typeof readModelHost.loadConfig>>;
  let sut: MasterDataReadModel;
  let publisher: EventPublisher;
  const changes: ReadModelChange[] = [];
  const publish = (type: string, subject: string, data: object) =>
    publisher.publish({ type, subject, data });

  beforeAll(async () => {
    svc = await startTestService(readModelHost);
    sut = svc.app.get(MasterDataReadModel);
    publisher = svc.app.get(EventPublisher);
    sut.onChange((c) => changes.push(c));
  });
  afterAll(() => svc?.close());

  it('stores a product and never lets an older version overwrite a newer one', async () => {
    await publish(PRODUCT_CHANGED_SUBJECT, 'SKU-1', product('SKU-1', 2, 'v2'));
    await publish(PRODUCT_CHANGED_SUBJECT, 'SKU-1', product('SKU-1', 1, 'v1'));
    await publish(PRODUCT_CHANGED_SUBJECT, 'SKU-1', product('SKU-1', 3, 'v3'));
    await publish(PRODUCT_CHANGED_SUBJECT, 'SKU-1', product('SKU-1', 2, 'v2 again'));
    await publish(PRODUCT_CHANGED_SUBJECT, 'SKU-MARK', product('SKU-MARK', 1));
    await eventually(
      () => sut.getProduct('SKU-MARK'),
      (p) => p !== undefined,
    );
    const stored = await sut.getProduct('SKU-1');
    expect(stored).toMatchObject({ sku: 'SKU-1', name: 'v3', version: 3 });
    expect(stored!.restockingFeePercent).toBe(12.5);
    const many = await sut.getProducts(['SKU-1', 'SKU-MARK', 'SKU-UNKNOWN']);
    expect([...many.keys()].sort()).toEqual(['SKU-1', 'SKU-MARK']);
    const productChanges = changes.filter((c) => c.key === 'SKU-1');
    expect(productChanges).toEqual([
      { entity: 'product', key: 'SKU-1' },
      { entity: 'product', key: 'SKU-1' },
    ]);
  });

  it('answers subtrees at any depth and follows a moved node', async () => {
    await publish(LOCATION_CHANGED_SUBJECT, 'net', location('net', undefined));
    await publish(LOCATION_CHANGED_SUBJECT, 'eu', location('eu', 'net'));
    await publish(LOCATION_CHANGED_SUBJECT, 'de', location('de', 'eu'));
    await publish(LOCATION_CHANGED_SUBJECT, 'ber', location('ber', 'de'));
    await publish(LOCATION_CHANGED_SUBJECT, 'us', location('us', 'net'));
    await eventually(
      () => sut.getLocation('us'),
      (l) => l !== undefined,
    );
    expect((await sut.subtreeOf('eu')).sort()).toEqual(['ber', 'de', 'eu']);
    expect((await sut.subtreeOf('net')).sort()).toEqual(['ber', 'de', 'eu', 'net', 'us']);
    expect(await sut.getLocation('ber')).toMatchObject({ id: 'ber', parentId: 'de', version: 1 });
    await publish(LOCATION_CHANGED_SUBJECT, 'de', location('de', 'us', 2));
    const moved = await eventually(
      () => sut.subtreeOf('us'),
      (ids) => ids.length === 3,
    );
    expect(moved.sort()).toEqual(['ber', 'de', 'us']);
    expect(await sut.subtreeOf('eu')).toEqual(['eu']);
  });

  it('resolves channel SKUs by the newest mapping', async () => {
    const mapping = (sku: string, version?: number) => ({
      channel: 'shopify',
      channelSku: '4401',
      sku,
      ...(version !== undefined ? { version } : {}),
      changedAt,
    });
    await publish(CHANNEL_MAPPING_CHANGED_SUBJECT, 'shopify/4401', mapping('SKU-B', 2));
    await publish(CHANNEL_MAPPING_CHANGED_SUBJECT, 'shopify/4401', mapping('SKU-A', 1));
    await publish(CHANNEL_MAPPING_CHANGED_SUBJECT, 'shopify/4401', mapping('SKU-OLD'));
    await publish(CHANNEL_MAPPING_CHANGED_SUBJECT, 'shopify/mark', {
      ...mapping('SKU-M', 1),
      channelSku: 'mark',
    });
    await eventually(
      () => sut.resolveChannelSku('shopify', 'mark'),
      (s) => s !== undefined,
    );
    expect(await sut.resolveChannelSku('shopify', '4401')).toBe('SKU-B');
    expect(await sut.resolveChannelSku('amazon', '4401')).toBeUndefined();
    expect(changes).toContainEqual({ entity: 'channel-mapping', key: 'shopify/4401' });
  });
});
