import type {
  AvailabilityPush,
  ChannelOutbound,
  PushResult,
  ShipmentPush,
  CancellationPush,
  RefundPush,
} from '../channel-outbound';
import { ChannelRejectedError } from '../http/channel-errors';
import {
  allocate,
  type AvailabilityEntry,
  distinct,
  ItemIds,
  majorUnits,
  refundNote,
} from './outbound-support';
import type { ChannelClient, ChannelOrderRef, OrderPage, PullWindow } from '../channel-client';
import { channelTime, idOf } from '../channel-client';
import type { ChannelHttp } from '../http/channel-http';

type Json = Record<string, unknown>;

/**
 * Shopify Admin REST: `orders.json?status=any&updated_at_min=` sorted by updated_at, cursor
 * pages through the `Link` header's `page_info`. The order is forwarded as listed (the same
 * object the `orders/create` webhook carries). The webhooks stay; this pull closes their gaps.
 */
export class ShopifyClient implements ChannelClient, ChannelOutbound {
  constructor(private readonly http: ChannelHttp) {}

  private get base(): string {
    return `/admin/api/${this.http.account.settings.API_VERSION}`;
  }

  private get headers() {
    return { 'x-shopify-access-token': this.http.account.settings.ACCESS_TOKEN };
  }

  async listUpdated(
    window: PullWindow,
    pageToken: string | undefined,
    pageSize: number,
  ): Promise<OrderPage> {
    const limit = String(Math.min(250, pageSize));
    // With page_info Shopify accepts only limit (and fields): the filter travels in the token.
    const q = pageToken
      ? new URLSearchParams({ limit, page_info: pageToken })
      : new URLSearchParams({
          status: 'any',
          updated_at_min: window.since.toISOString(),
          order: 'updated_at asc',
          limit,
        });
    const res = await this.http.call<{ orders?: Json[] }>({
      operation: 'listOrders',
      method: 'GET',
      path: `${this.base}/orders.json?${q}`,
      headers: this.headers,
    });
    const next = nextPageInfo(res.headers.get('link'));
    return { orders: (res.body?.orders ?? []).map(refOf), ...(next ? { next } : {}) };
  }

  async complete(ref: ChannelOrderRef): Promise<unknown> {
    return ref.raw;
  }

  async fetchOrder(id: string): Promise<ChannelOrderRef | undefined> {
    const res = await this.http.call<{ order?: Json }>({
      operation: 'getOrder',
      method: 'GET',
      path: `${this.base}/orders/${encodeURIComponent(id)}.json`,
      headers: this.headers,
    });
    return res.status === 404 || !res.body?.order ? undefined : refOf(res.body.order);
  }

  // Outbound. Availability in bulk with the GraphQL Admin API's `inventorySetQuantities`: up to
  // 250 items and locations per call (Shopify's input array limit) for one mutation's cost
  // (10 points of a 1000-point bucket restoring 50/s), against REST's one inventory_levels/set
  // per SKU at 2 requests/s. It needs each SKU's inventory item id (looked up once per SKU).
  readonly availabilityBatch = 250;
  private readonly items = new ItemIds('shopify', (skus) => this.lookupInventoryItems(skus));

  defaultLocation(): string {
    return this.http.account.settings.LOCATION_ID;
  }

  /**
   * Absolute figures (we are the source of truth for what may be sold, so the compare-and-set
   * check is skipped: a figure changed in Shopify meanwhile is overwritten, as REST's set did).
   * All or nothing: a user error refuses the whole call (the runner then pushes row by row).
   */
  async pushAvailability(pushes: AvailabilityPush[]): Promise<void> {
    const ids = await this.items.resolve(pushes.map((p) => p.channelSku));
    const res = await this.http.write<GraphqlAnswer<'inventorySetQuantities'>>({
      operation: 'inventorySetQuantities',
      bucket: 'graphql',
      cost: MUTATION_COST,
      method: 'POST',
      path: `${this.base}/graphql.json`,
      headers: this.headers,
      json: {
        query: SET_QUANTITIES,
        variables: {
          input: {
            name: 'available',
            reason: 'correction',
            referenceDocumentUri: 'gid://retail-middleware/ChannelSync/availability',
            ignoreCompareQuantity: true,
            quantities: pushes.map((p) => ({
              inventoryItemId: `gid://shopify/InventoryItem/${ids.get(p.channelSku)}`,
              locationId: `gid://shopify/Location/${p.location}`,
              quantity: p.quantity,
            })),
          },
        },
      },
    });
    const userErrors = res.body?.data?.inventorySetQuantities?.userErrors ?? [];
    const errors = res.body?.errors ?? [];
    if (errors.length > 0 || userErrors.length > 0 || !res.body?.data?.inventorySetQuantities)
      throw new ChannelRejectedError(
        'shopify',
        errors.length > 0 ? 400 : 422,
        `inventorySetQuantities: ${JSON.stringify(errors.length > 0 ? errors : userErrors).slice(0, 200)}`,
        JSON.stringify(res.body ?? '').slice(0, 4000),
      );
  }

  /**
   * What the store shows (`available`) per SKU and location: `GET inventory_levels.json` by
   * `inventory_item_ids` and `location_ids` (REST, at most 50 ids of each per call, 250 levels
   * per page), the item ids found as for the pushes. A SKU the store does not know shows nothing.
   */
  async readAvailability(entries: AvailabilityEntry[]): Promise<AvailabilityPush[]> {
    const ids = await this.items.resolveKnown(distinct(entries.map((e) => e.channelSku)));
    const skuOf = new Map([...ids].map(([sku, id]) => [id, sku]));
    const items = distinct(ids.values());
    const locations = distinct(entries.map((e) => e.location));
    const shown: AvailabilityPush[] = [];
    for (let i = 0; i < items.length; i += 50)
      for (let l = 0; l < locations.length; l += 50) {
        let q: URLSearchParams | undefined = new URLSearchParams({
          inventory_item_ids: items.slice(i, i + 50).join(','),
          location_ids: locations.slice(l, l + 50).join(','),
          limit: '250',
        });
        while (q) {
          const res = await this.http.call<{ inventory_levels?: Json[] }>({
            operation: 'listInventoryLevels',
            method: 'GET',
            path: `${this.base}/inventory_levels.json?${q}`,
            headers: this.headers,
          });
          for (const level of res.body?.inventory_levels ?? [])
            shown.push({
              channelSku: skuOf.get(String(level.inventory_item_id)) ?? '',
              location: String(level.location_id),
              quantity: Number(level.available ?? 0),
            });
          const next = nextPageInfo(res.headers.get('link'));
          q = next ? new URLSearchParams({ limit: '250', page_info: next }) : undefined;
        }
      }
    return shown.filter((s) => s.channelSku !== '');
  }

  /**
   * A fulfillment of the order's open fulfillment order for the shipped lines, with tracking.
   * Already applied when the order has a fulfillment with our tracking number, or nothing of
   * the lines is left to fulfil.
   */
  async confirmShipment(s: ShipmentPush): Promise<PushResult> {
    const id = encodeURIComponent(s.channelOrderId);
    const order = await this.http.call<{ order?: Json }>({
      operation: 'getOrder',
      method: 'GET',
      path: `${this.base}/orders/${id}.json`,
      headers: this.headers,
    });
    const fulfillments = (order.body?.order?.fulfillments ?? []) as Json[];
    if (s.trackingNumber && fulfillments.some((f) => f.tracking_number === s.trackingNumber))
      return 'already-applied';
    const lineSku = new Map(
      ((order.body?.order?.line_items ?? []) as Json[]).map((l) => [Number(l.id), String(l.sku)]),
    );
    const fos = await this.http.call<{ fulfillment_orders?: Json[] }>({
      operation: 'listFulfillmentOrders',
      method: 'GET',
      path: `${this.base}/orders/${id}/fulfillment_orders.json`,
      headers: this.headers,
    });
    const fo = (fos.body?.fulfillment_orders ?? []).find((f) => f.status !== 'closed');
    if (!fo) return 'already-applied';
    const open = ((fo.line_items ?? []) as Json[]).map((l) => ({
      id: Number(l.id),
      sku: lineSku.get(Number(l.line_item_id)),
      open: Number(l.fulfillable_quantity ?? 0),
    }));
    const picked = allocate(s.lines, open);
    if (picked.length === 0) return 'already-applied';
    await this.http.write({
      operation: 'createFulfillment',
      method: 'POST',
      path: `${this.base}/fulfillments.json`,
      headers: this.headers,
      json: {
        fulfillment: {
          line_items_by_fulfillment_order: [
            { fulfillment_order_id: fo.id, fulfillment_order_line_items: picked },
          ],
          ...(s.trackingNumber || s.carrier
            ? { tracking_info: { number: s.trackingNumber, company: s.carrier } }
            : {}),
          notify_customer: true,
        },
      },
    });
    return 'applied';
  }

  /** Shopify cancels whole orders (`orders/{id}/cancel.json`); a cancelled order is left as is. */
  async cancelOrder(c: CancellationPush): Promise<PushResult> {
    const ref = await this.fetchOrder(c.channelOrderId);
    if (!ref || ref.cancelled) return 'already-applied';
    await this.http.write({
      operation: 'cancelOrder',
      method: 'POST',
      path: `${this.base}/orders/${encodeURIComponent(c.channelOrderId)}/cancel.json`,
      headers: this.headers,
      json: { reason: 'other', email: false },
    });
    return 'applied';
  }

  /**
   * A refund (`orders/{id}/refunds.json`) of the returned units (not restocked: inventory owns
   * stock) and our amount against the order's captured transaction, our return id as its note.
   * Already applied when one of the order's refunds carries that note, or the order is refunded
   * in full in Shopify (refunded there: not echoed).
   */
  async refundReturn(r: RefundPush): Promise<PushResult> {
    const id = encodeURIComponent(r.channelOrderId);
    const order = (await this.fetchOrder(r.channelOrderId))?.raw as Json | undefined;
    if (!order) throw new ChannelRejectedError('shopify', 404, `no order ${r.channelOrderId}`);
    const refunds = (order.refunds ?? []) as Json[];
    if (refunds.some((x) => x.note === refundNote(r)) || order.financial_status === 'refunded')
      return 'already-applied';
    const txs = await this.http.call<{ transactions?: Json[] }>({
      operation: 'listTransactions',
      method: 'GET',
      path: `${this.base}/orders/${id}/transactions.json`,
      headers: this.headers,
    });
    const parent = (txs.body?.transactions ?? []).find(
      (t) => (t.kind === 'sale' || t.kind === 'capture') && t.status === 'success',
    );
    if (!parent)
      throw new ChannelRejectedError('shopify', 422, `order ${r.channelOrderId} has no capture`);
    const lines = ((order.line_items ?? []) as Json[]).map((l) => ({
      id: Number(l.id),
      sku: typeof l.sku === 'string' ? l.sku : undefined,
      open: Number(l.quantity ?? 0),
    }));
    await this.http.write({
      operation: 'createRefund',
      method: 'POST',
      path: `${this.base}/orders/${id}/refunds.json`,
      headers: this.headers,
      json: {
        refund: {
          currency: r.currency,
          notify: true,
          note: refundNote(r),
          refund_line_items: allocate(r.lines, lines).map((p) => ({
            line_item_id: p.id,
            quantity: p.quantity,
            restock_type: 'no_restock',
          })),
          transactions: [
            {
              parent_id: parent.id,
              amount: majorUnits(r.amount, r.currency),
              kind: 'refund',
              gateway: parent.gateway,
            },
          ],
        },
      },
    });
    return 'applied';
  }

  private async lookupInventoryItems(skus: string[]): Promise<Map<string, string>> {
    const res = await this.http.call<{ data?: { productVariants?: { nodes?: Json[] } } }>({
      operation: 'findVariantsBySku',
      bucket: 'graphql',
      cost: lookupCost(skus.length),
      method: 'POST',
      path: `${this.base}/graphql.json`,
      headers: this.headers,
      json: {
        query:
          'query ($q: String!, $n: Int!) { productVariants(first: $n, query: $q) { nodes { sku inventoryItem { id } } } }',
        variables: { q: skus.map((s) => `sku:${JSON.stringify(s)}`).join(' OR '), n: skus.length },
      },
    });
    const found = new Map<string, string>();
    for (const node of res.body?.data?.productVariants?.nodes ?? []) {
      const id = String((node.inventoryItem as Json | undefined)?.id ?? '')
        .split('/')
        .pop();
      if (node.sku && id) found.set(String(node.sku), id);
    }
    return found;
  }
}

/** Shopify's cost of a mutation field (GraphQL Admin API rate limits, cost calculation). */
const MUTATION_COST = 10;

const SET_QUANTITIES =
  'mutation ($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code field message } } }';

/** Requested cost of the variant lookup: the connection 2, each variant and its item 1 each. */
function lookupCost(n: number): number {
  return 2 + 2 * n;
}

type GraphqlAnswer<F extends string> = {
  data?: Partial<Record<F, { userErrors?: Json[] } | null>>;
  errors?: Json[];
};

/** `<...?page_info=abc&limit=50>; rel="next", <...>; rel="previous"` -> `abc`. */
export function nextPageInfo(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return new URL(match[1], 'http://x').searchParams.get('page_info') ?? undefined;
  }
  return undefined;
}

function refOf(o: Json): ChannelOrderRef {
  const cancelled = o.cancelled_at !== null && o.cancelled_at !== undefined;
  return {
    id: idOf(o.id, 'id'),
    updatedAt: channelTime(o.updated_at ?? o.created_at, 'updated_at'),
    cancelled,
    status: cancelled ? 'cancelled' : String(o.financial_status ?? 'open'),
    raw: o,
  };
}
