import { Answer, call } from './http';
import { RunningSimulator } from './start-simulator';

type Creds = Awaited<ReturnType<typeof import('./http').credentialsFor>>;

/** Each channel's documented way of reading every order changed since `since`, page by page. */
export interface Pulled {
  /** Order ids in the order they arrived, one array per page. */
  pages: string[][];
  /** Each order's "last modified" in ms, by page, as the vendor shows it. */
  times: number[][];
}

const at = (value: string) =>
  Date.parse(value.includes(' ') && !value.includes('T') ? `${value.replace(' ', 'T')}Z` : value);

type Field = (order: Record<string, any>) => unknown;

function addPage(out: Pulled, orders: Record<string, any>[], id: Field, time: Field): void {
  out.pages.push(orders.map((o) => String(id(o))));
  out.times.push(orders.map((o) => at(String(time(o)))));
}

export async function pullShopify(
  sim: RunningSimulator,
  creds: Creds,
  since: string,
  limit = 50,
): Promise<Pulled> {
  const out: Pulled = { pages: [], times: [] };
  let url: string | undefined =
    `/admin/api/2024-04/orders.json?status=any&updated_at_min=${encodeURIComponent(since)}&order=updated_at%20asc&limit=${limit}`;
  while (url) {
    const res: Answer = await call(sim, 'GET', url, { headers: creds.shopify });
    expect(res.status).toBe(200);
    addPage(
      out,
      res.body.orders,
      (o) => o.id,
      (o) => o.updated_at,
    );
    url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return out;
}

export async function pullAmazon(
  sim: RunningSimulator,
  creds: Creds,
  since: string,
  size = 100,
): Promise<Pulled> {
  const out: Pulled = { pages: [], times: [] };
  const marketplace = sim.config.credentials.amazon.marketplaceId;
  let next: string | undefined;
  do {
    const query = next
      ? `MarketplaceIds=${marketplace}&NextToken=${encodeURIComponent(next)}`
      : `MarketplaceIds=${marketplace}&LastUpdatedAfter=${encodeURIComponent(since)}&MaxResultsPerPage=${size}`;
    const res = await call(sim, 'GET', `/orders/v0/orders?${query}`, { headers: creds.amazon });
    expect(res.status).toBe(200);
    addPage(
      out,
      res.body.payload.Orders,
      (o) => o.AmazonOrderId,
      (o) => o.LastUpdateDate,
    );
    next = res.body.payload.NextToken;
  } while (next);
  return out;
}

export async function pullBigCommerce(
  sim: RunningSimulator,
  creds: Creds,
  since: string,
  limit = 50,
): Promise<Pulled> {
  const out: Pulled = { pages: [], times: [] };
  const hash = sim.config.credentials.bigcommerce.storeHash;
  for (let page = 1; ; page++) {
    const res = await call(
      sim,
      'GET',
      `/stores/${hash}/v2/orders?min_date_modified=${encodeURIComponent(since)}&sort=date_modified:asc&limit=${limit}&page=${page}`,
      { headers: creds.bigcommerce },
    );
    if (res.status === 204) return out;
    expect(res.status).toBe(200);
    addPage(
      out,
      res.body,
      (o) => o.id,
      (o) => o.date_modified,
    );
  }
}

export async function pullAdobe(
  sim: RunningSimulator,
  creds: Creds,
  since: string,
  pageSize = 50,
): Promise<Pulled> {
  const out: Pulled = { pages: [], times: [] };
  const f = 'searchCriteria[filter_groups][0][filters][0]';
  const base = `/rest/V1/orders?${f}[field]=updated_at&${f}[value]=${encodeURIComponent(since)}&${f}[condition_type]=gteq&searchCriteria[sortOrders][0][field]=updated_at&searchCriteria[sortOrders][0][direction]=ASC&searchCriteria[pageSize]=${pageSize}`;
  for (let page = 1, seen = 0; ; page++) {
    const res = await call(sim, 'GET', `${base}&searchCriteria[currentPage]=${page}`, {
      headers: creds.adobe,
    });
    expect(res.status).toBe(200);
    addPage(
      out,
      res.body.items,
      (o) => o.entity_id,
      (o) => o.updated_at,
    );
    seen += res.body.items.length;
    // Magento repeats its last page past the end: stop on total_count or a short page.
    if (seen >= res.body.total_count || res.body.items.length < pageSize) return out;
  }
}

export async function pullSalesforce(
  sim: RunningSimulator,
  creds: Creds,
  since: string,
  count = 50,
): Promise<Pulled> {
  const out: Pulled = { pages: [], times: [] };
  const site = sim.config.credentials['salesforce-commerce'].siteId;
  let start: number | undefined = 0;
  while (start !== undefined) {
    const res: Answer = await call(sim, 'POST', `/s/${site}/dw/shop/v23_2/order_search`, {
      headers: creds.sfcc,
      body: {
        query: {
          filtered_query: {
            query: { match_all_query: {} },
            filter: { range_filter: { field: 'last_modified', from: since } },
          },
        },
        sorts: [{ field: 'last_modified', sort_order: 'asc' }],
        start,
        count,
        select: '(**)',
      },
    });
    expect(res.status).toBe(200);
    addPage(
      out,
      res.body.hits.map((h: { data: unknown }) => h.data),
      (o) => o.order_no,
      (o) => o.last_modified,
    );
    start = res.body.next?.start;
  }
  return out;
}

export async function pullSquare(
  sim: RunningSimulator,
  creds: Creds,
  since: string,
  limit = 50,
): Promise<Pulled> {
  const out: Pulled = { pages: [], times: [] };
  let cursor: string | undefined;
  do {
    const res = await call(sim, 'POST', '/v2/orders/search', {
      headers: creds.square,
      body: {
        location_ids: [sim.config.credentials.square.locationId],
        query: {
          filter: { date_time_filter: { updated_at: { start_at: since } } },
          sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
        },
        limit,
        ...(cursor ? { cursor } : {}),
      },
    });
    expect(res.status).toBe(200);
    const orders = res.body.orders ?? [];
    addPage(
      out,
      orders,
      (o) => o.id,
      (o) => o.updated_at,
    );
    cursor = res.body.cursor;
  } while (cursor);
  return out;
}

export const PULLERS = {
  shopify: pullShopify,
  amazon: pullAmazon,
  bigcommerce: pullBigCommerce,
  'adobe-commerce': pullAdobe,
  'salesforce-commerce': pullSalesforce,
  square: pullSquare,
} as const;
