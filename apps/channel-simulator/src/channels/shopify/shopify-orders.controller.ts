import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { decodeToken, encodeToken, pageAt } from '../../common/paging';
import { baseUrl, queryInt, queryText, queryTime } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { FaultsService } from '../../gate/faults.service';
import { Catalog } from '../../store/catalog';
import { OrderStore, byTime } from '../../store/order.store';
import { StoredOrder } from '../channel';
import { SHOPIFY_API_VERSION, ShopifyOrder, fulfillmentOrderOf } from './shopify.orders';

const PREFIX = `/admin/api/${SHOPIFY_API_VERSION}`;
const SORTS = ['created_at', 'updated_at', 'processed_at', 'id'];

interface Filters {
  status: string;
  updatedMin?: number;
  updatedMax?: number;
  createdMin?: number;
  createdMax?: number;
  sinceId?: number;
  ids?: string[];
  order: [string, 'asc' | 'desc'];
}

/** REST Admin API 2024-04: orders (cursor pagination with page_info in the Link header). */
@ApiTags('shopify')
@Controller(PREFIX)
export class ShopifyOrdersController {
  constructor(
    private readonly store: OrderStore,
    private readonly faults: FaultsService,
    private readonly catalog: Catalog,
  ) {}

  @Get('orders.json')
  @ChannelOperation('shopify', 'orders.list')
  list(
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const limit = queryInt(query, 'limit', 50, 250);
    const pageInfo = queryText(query, 'page_info');
    let filters: Filters;
    let offset = 0;
    if (pageInfo !== undefined) {
      // Shopify: a page_info request may carry only limit and fields.
      const extra = Object.keys(query).filter((k) => !['page_info', 'limit', 'fields'].includes(k));
      const cursor = decodeToken<{ f: Filters; o: number }>(pageInfo);
      if (extra.length > 0 || !cursor) {
        throw new ChannelHttpError(400, { errors: { page_info: 'Invalid value.' } });
      }
      ({ f: filters, o: offset } = cursor);
    } else {
      filters = this.filters(query);
    }
    const all = this.matching(filters);
    const page = pageAt(all, offset, limit, this.faults.settings('shopify'));
    const links: string[] = [];
    const url = (o: number) =>
      `<${baseUrl(request)}${PREFIX}/orders.json?limit=${limit}&page_info=${encodeToken({ f: filters, o })}>`;
    if (offset > 0) links.push(`${url(Math.max(0, offset - limit))}; rel="previous"`);
    if (page.nextOffset !== undefined) links.push(`${url(page.nextOffset)}; rel="next"`);
    if (links.length > 0) void reply.header('link', links.join(', '));
    return { orders: page.items.map((o) => o.native) };
  }

  /** The same filters as the list (no paging): `{ count }`. */
  @Get('orders/count.json')
  @ChannelOperation('shopify', 'orders.count')
  count(@Query() query: Record<string, unknown>) {
    return { count: this.matching(this.filters(query)).length };
  }

  @Get('orders/:file')
  @ChannelOperation('shopify', 'orders.get')
  get(@Param('file') file: string, @Req() request: FastifyRequest) {
    return { order: this.order(file.replace(/\.json$/, ''), request).native };
  }

  @Get('orders/:id/fulfillment_orders.json')
  @ChannelOperation('shopify', 'fulfillment_orders.list')
  fulfillmentOrders(@Param('id') id: string, @Req() request: FastifyRequest) {
    const order = this.order(id, request).native;
    const fulfillmentOrder = fulfillmentOrderOf(order);
    for (const line of fulfillmentOrder.line_items) {
      const sku = order.line_items.find((l) => l.id === line.line_item_id)?.sku;
      if (sku)
        line.inventory_item_id = this.catalog.numericId(
          'shopify-inventory-item',
          sku,
          42_000_000_000,
        );
    }
    return { fulfillment_orders: [fulfillmentOrder] };
  }

  private order(id: string, request: FastifyRequest): StoredOrder<ShopifyOrder> {
    const order = this.store.get<ShopifyOrder>('shopify', id);
    if (!order) throw vendorError('shopify', 'not_found', 'Not Found', request.url);
    return order;
  }

  private filters(query: Record<string, unknown>): Filters {
    const time = (name: string) =>
      queryTime(
        query,
        name,
        (n) => new ChannelHttpError(400, { errors: { [n]: 'Invalid value.' } }),
      );
    const [field = 'created_at', dir = 'desc'] = (
      queryText(query, 'order') ?? 'created_at desc'
    ).split(/\s+/);
    if (!SORTS.includes(field) || !['asc', 'desc'].includes(dir.toLowerCase())) {
      throw new ChannelHttpError(400, { errors: { order: 'Invalid value.' } });
    }
    const ids = queryText(query, 'ids');
    const sinceId = queryText(query, 'since_id');
    return {
      status: queryText(query, 'status') ?? 'open',
      updatedMin: time('updated_at_min'),
      updatedMax: time('updated_at_max'),
      createdMin: time('created_at_min'),
      createdMax: time('created_at_max'),
      sinceId: sinceId === undefined ? undefined : Number(sinceId),
      ids: ids?.split(','),
      order: [field, dir.toLowerCase() as 'asc' | 'desc'],
    };
  }

  private matching(f: Filters): StoredOrder<ShopifyOrder>[] {
    const [field, dir] = f.order;
    const key = (o: StoredOrder<ShopifyOrder>) =>
      field === 'updated_at' ? o.updatedAt : field === 'id' ? o.native.id : o.createdAt;
    return this.store
      .all<ShopifyOrder>('shopify')
      .filter((o) => statusMatches(o.native, f.status))
      .filter(
        (o) =>
          (f.updatedMin === undefined || o.updatedAt >= f.updatedMin) &&
          (f.updatedMax === undefined || o.updatedAt <= f.updatedMax),
      )
      .filter(
        (o) =>
          (f.createdMin === undefined || o.createdAt >= f.createdMin) &&
          (f.createdMax === undefined || o.createdAt <= f.createdMax),
      )
      .filter(
        (o) =>
          (f.sinceId === undefined || o.native.id > f.sinceId) && (!f.ids || f.ids.includes(o.id)),
      )
      .sort(byTime(key, f.sinceId !== undefined ? 'asc' : dir));
  }
}

/** status: open (default), closed, cancelled, any. */
function statusMatches(order: ShopifyOrder, status: string): boolean {
  switch (status) {
    case 'any':
      return true;
    case 'cancelled':
      return order.cancelled_at !== null;
    case 'closed':
      return order.closed_at !== null;
    default:
      return order.closed_at === null && order.cancelled_at === null;
  }
}
