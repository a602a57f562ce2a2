import type { ChannelOutbound } from '../channel-outbound';
import type { ChannelHttp, ChannelRequest } from '../http/channel-http';
import { AdobeCommerceClient } from './adobe-commerce.client';
import { AmazonClient } from './amazon.client';
import { SalesforceCommerceClient } from './salesforce-commerce.client';
import { ShopifyClient } from './shopify.client';

type Answer = { status?: number; body: unknown; link?: string };

/** A ChannelHttp answering each request from `route` and recording what was asked. */
function fakeHttp(channel: string, route: (req: ChannelRequest) => Answer) {
  const requests: ChannelRequest[] = [];
  const respond = async (req: ChannelRequest) => {
    requests.push(req);
    const a = req.path.includes('token')
      ? { body: { access_token: 't', expires_in: 3600 } }
      : route(req);
    return {
      status: a.status ?? 200,
      body: a.body,
      headers: new Headers(a.link ? { link: a.link } : {}),
    };
  };
  const http = {
    account: {
      channel,
      settings: {
        API_VERSION: '2024-04',
        ACCESS_TOKEN: 'x',
        MARKETPLACE_IDS: 'ATVPDKIKX0DER',
        SELLER_ID: 'S1',
        OCAPI_VERSION: 'v23_2',
        CLIENT_ID: 'c',
        CLIENT_SECRET: 's',
        SITE_ID: 'RefArch',
      },
    },
    call: respond,
    write: respond,
  } as unknown as ChannelHttp;
  return { http, requests: () => requests.filter((r) => !r.path.includes('token')) };
}

const query = (req: ChannelRequest) => new URL(req.path, 'http://x').searchParams;

describe('availability reads (reconciliation)', () => {
  it('Shopify: inventory_levels.json by item and location ids, across Link pages', async () => {
    const fake = fakeHttp('shopify', (req) => {
      if (req.path.endsWith('/graphql.json'))
        return {
          body: {
            data: {
              productVariants: {
                nodes: [
                  { sku: 'A', inventoryItem: { id: 'gid://shopify/InventoryItem/11' } },
                  { sku: 'B', inventoryItem: { id: 'gid://shopify/InventoryItem/12' } },
                ],
              },
            },
          },
        };
      const q = query(req);
      if (q.get('page_info') === 'p2')
        return {
          body: { inventory_levels: [{ inventory_item_id: 12, location_id: 7, available: 0 }] },
        };
      expect(q.get('inventory_item_ids')).toBe('11,12');
      expect(q.get('location_ids')).toBe('7');
      return {
        body: { inventory_levels: [{ inventory_item_id: 11, location_id: 7, available: 5 }] },
        link: '<https://s/admin/api/2024-04/inventory_levels.json?limit=250&page_info=p2>; rel="next"',
      };
    });
    const sut: ChannelOutbound = new ShopifyClient(fake.http);
    const shown = await sut.readAvailability!([
      { channelSku: 'A', location: '7' },
      { channelSku: 'B', location: '7' },
      { channelSku: 'UNKNOWN', location: '7' },
    ]);
    expect(shown).toEqual([
      { channelSku: 'A', location: '7', quantity: 5 },
      { channelSku: 'B', location: '7', quantity: 0 },
    ]);
    expect(fake.requests().map((r) => [r.method, r.operation])).toEqual([
      ['POST', 'findVariantsBySku'],
      ['GET', 'listInventoryLevels'],
      ['GET', 'listInventoryLevels'],
    ]);
  });

  it('Amazon: getListingsItem per SKU with fulfillmentAvailability, in its own bucket', async () => {
    const fake = fakeHttp('amazon', (req) =>
      req.path.includes('/NOPE?')
        ? { status: 404, body: { errors: [{ code: 'NOT_FOUND' }] } }
        : {
            body: {
              sku: 'A',
              fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 3 }],
            },
          },
    );
    const sut: ChannelOutbound = new AmazonClient(fake.http);
    const shown = await sut.readAvailability!([
      { channelSku: 'A', location: 'DEFAULT' },
      { channelSku: 'NOPE', location: 'DEFAULT' },
    ]);
    expect(shown).toEqual([{ channelSku: 'A', location: 'DEFAULT', quantity: 3 }]);
    const [first] = fake.requests();
    expect(first).toMatchObject({ operation: 'getListingsItem', bucket: 'GET_LISTINGS_ITEM' });
    expect(first.path.split('?')[0]).toBe('/listings/2021-08-01/items/S1/A');
    expect(query(first).get('includedData')).toBe('fulfillmentAvailability');
    expect(query(first).get('marketplaceIds')).toBe('ATVPDKIKX0DER');
  });

  it('Adobe Commerce: source-items searched by sku in and source_code in, paged by total_count', async () => {
    const fake = fakeHttp('adobe-commerce', (req) => {
      const q = query(req);
      const page = Number(q.get('searchCriteria[currentPage]'));
      const item = (sku: string, quantity: number) => ({
        sku,
        source_code: 'default',
        quantity,
        status: 1,
      });
      // Two pages' worth (total_count 501): the second page is asked for, then the listing ends.
      return { body: { items: page === 1 ? [item('A', 4)] : [item('B', 2)], total_count: 501 } };
    });
    const sut: ChannelOutbound = new AdobeCommerceClient(fake.http);
    const shown = await sut.readAvailability!([
      { channelSku: 'A', location: 'default' },
      { channelSku: 'B', location: 'default' },
    ]);
    expect(shown).toEqual([
      { channelSku: 'A', location: 'default', quantity: 4 },
      { channelSku: 'B', location: 'default', quantity: 2 },
    ]);
    const requests = fake.requests();
    expect(requests).toHaveLength(2);
    const q = query(requests[0]);
    expect(requests[0].path.startsWith('/rest/V1/inventory/source-items?')).toBe(true);
    expect(q.get('searchCriteria[filter_groups][0][filters][0][field]')).toBe('sku');
    expect(q.get('searchCriteria[filter_groups][0][filters][0][value]')).toBe('A,B');
    expect(q.get('searchCriteria[filter_groups][0][filters][0][condition_type]')).toBe('in');
    expect(q.get('searchCriteria[filter_groups][1][filters][0][field]')).toBe('source_code');
    expect(q.get('searchCriteria[filter_groups][1][filters][0][value]')).toBe('default');
  });

  it('Salesforce Commerce: the product inventory record per entry, its allocation amount', async () => {
    const fake = fakeHttp('salesforce-commerce', (req) =>
      req.path.endsWith('/NOPE')
        ? { status: 404, body: { fault: { type: 'ProductInventoryRecordNotFoundException' } } }
        : { body: { _type: 'product_inventory_record', allocation: { amount: 6 }, ats: 6 } },
    );
    const sut: ChannelOutbound = new SalesforceCommerceClient(fake.http);
    const shown = await sut.readAvailability!([
      { channelSku: 'A', location: 'inventory_m' },
      { channelSku: 'NOPE', location: 'inventory_m' },
    ]);
    expect(shown).toEqual([{ channelSku: 'A', location: 'inventory_m', quantity: 6 }]);
    expect(fake.requests().map((r) => [r.method, r.path])).toEqual([
      ['GET', '/s/-/dw/data/v23_2/inventory_lists/inventory_m/product_inventory_records/A'],
      ['GET', '/s/-/dw/data/v23_2/inventory_lists/inventory_m/product_inventory_records/NOPE'],
    ]);
  });
});
