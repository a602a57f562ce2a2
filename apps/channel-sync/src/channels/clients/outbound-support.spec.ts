import { ChannelRejectedError } from '../http/channel-errors';
import { allocate, ItemIds } from './outbound-support';

describe('allocate', () => {
  it('spreads shipped units over the open lines of the SKU, never above what is open', () => {
    const open = [
      { id: 1, sku: 'A', open: 1 },
      { id: 2, sku: 'B', open: 5 },
      { id: 3, sku: 'A', open: 2 },
    ];
    expect(allocate([{ sku: 'A', quantity: 3 }], open)).toEqual([
      { id: 1, quantity: 1 },
      { id: 3, quantity: 2 },
    ]);
  });

  it('finds nothing to ship when the units already shipped (a retried push)', () => {
    const open = [{ id: 1, sku: 'A', open: 0 }];
    expect(allocate([{ sku: 'A', quantity: 1 }], open)).toEqual([]);
  });

  it('ships the open part of a partial shipment only', () => {
    const open = [{ id: 1, sku: 'A', open: 1 }];
    expect(allocate([{ sku: 'A', quantity: 2 }], open)).toEqual([{ id: 1, quantity: 1 }]);
  });
});

describe('ItemIds', () => {
  it('looks each SKU up once', async () => {
    const lookup = jest.fn(async (skus: string[]) => new Map(skus.map((s) => [s, `id-${s}`])));
    const ids = new ItemIds('shopify', lookup);
    expect(await ids.resolve(['A', 'B'])).toEqual(
      new Map([
        ['A', 'id-A'],
        ['B', 'id-B'],
      ]),
    );
    expect(await ids.resolve(['B', 'A', 'C'])).toEqual(
      new Map([
        ['B', 'id-B'],
        ['A', 'id-A'],
        ['C', 'id-C'],
      ]),
    );
    expect(lookup.mock.calls).toEqual([[['A', 'B']], [['C']]]);
  });

  it('refuses a SKU the channel does not know', async () => {
    const ids = new ItemIds('square', async () => new Map());
    await expect(ids.resolve(['X'])).rejects.toBeInstanceOf(ChannelRejectedError);
  });
});
