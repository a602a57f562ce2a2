import { Body, Controller, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { pageAt } from '../../common/paging';
import { isRecord } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { SimulatorConfig } from '../../config/env';
import { SIMULATOR_CONFIG } from '../../config/tokens';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { FaultsService } from '../../gate/faults.service';
import { CallsStore, InventoryEffect } from '../../store/calls.store';
import { OrderStore } from '../../store/order.store';
import { ChannelOrdersService } from '../channel-orders.service';
import { parseBatch, renderBatch, SubResponse } from './ocapi-batch';
import { orderComparator, orderPredicate } from './order-query';
import { SalesforceOrder } from './salesforce.orders';

const VERSION = 'v23_2';
const V = '23.2';
const STATUSES = ['created', 'new', 'open', 'completed', 'cancelled', 'replaced', 'failed'];
const WRITABLE = [
  'status',
  'confirmation_status',
  'export_status',
  'payment_status',
  'shipping_status',
  'external_order_status',
];

/** OCAPI Shop API order_search and order update; Data API product inventory records. */
@ApiTags('salesforce-commerce')
@Controller('s')
export class SalesforceController {
  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly faults: FaultsService,
    private readonly calls: CallsStore,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  @Post(`:siteId/dw/shop/${VERSION}/order_search`)
  @HttpCode(200)
  @ChannelOperation('salesforce-commerce', 'shop.order_search')
  search(@Param('siteId') siteId: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    this.checkSite(siteId, request);
    const b = isRecord(body) ? body : {};
    let predicate: (o: Record<string, unknown>) => boolean;
    try {
      predicate = orderPredicate(b.query);
    } catch (error) {
      throw vendorError(
        'salesforce-commerce',
        'bad_request',
        (error as Error).message,
        request.url,
      );
    }
    const start = Number.isInteger(b.start) && (b.start as number) >= 0 ? (b.start as number) : 0;
    const count =
      Number.isInteger(b.count) && (b.count as number) > 0 ? Math.min(b.count as number, 200) : 25;
    const compare = orderComparator(b.sorts);
    const all = this.store
      .all<SalesforceOrder>('salesforce-commerce')
      .filter((o) => predicate(o.native))
      .sort((x, y) => compare(x.native, y.native) || x.seq - y.seq);
    const page = pageAt(all, start, count, this.faults.settings('salesforce-commerce'));
    return {
      _v: V,
      _type: 'order_search_result',
      count: page.items.length,
      hits: page.items.map((o) => ({ _type: 'order_search_hit', data: o.native, relevance: 1 })),
      ...(page.nextOffset !== undefined
        ? { next: { _type: 'result_page', count, start: page.nextOffset } }
        : {}),
      query: b.query ?? { match_all_query: {} },
      select: b.select,
      sorts: b.sorts,
      start,
      total: all.length,
    };
  }

  @Patch(`:siteId/dw/shop/${VERSION}/orders/:orderNo`)
  @ChannelOperation('salesforce-commerce', 'shop.orders.patch')
  patchOrder(
    @Param('siteId') siteId: string,
    @Param('orderNo') orderNo: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    this.checkSite(siteId, request);
    const order = this.store.get<SalesforceOrder>('salesforce-commerce', orderNo);
    if (!order)
      throw vendorError(
        'salesforce-commerce',
        'not_found',
        `No order with number '${orderNo}' was found.`,
        request.url,
      );
    const b = isRecord(body) ? body : {};
    const changes = Object.fromEntries(
      Object.entries(b).filter(([k]) => WRITABLE.includes(k) || k.startsWith('c_')),
    );
    if (
      Object.keys(changes).length === 0 ||
      (changes.status !== undefined && !STATUSES.includes(String(changes.status)))
    ) {
      throw vendorError(
        'salesforce-commerce',
        'bad_request',
        `Only ${WRITABLE.join(', ')} and c_ attributes can be changed; status one of ${STATUSES.join(', ')}`,
        request.url,
      );
    }
    Object.assign(order.native, changes);
    if (changes.shipping_status)
      for (const s of order.native.shipments as Record<string, unknown>[])
        s.shipping_status = changes.shipping_status;
    this.orders.changed('salesforce-commerce', order);
    const kind = changes.shipping_status === 'shipped' ? 'shipment' : 'status';
    this.calls.record({
      channel: 'salesforce-commerce',
      kind,
      operation: 'shop.orders.patch',
      method: 'PATCH',
      path: request.url,
      body,
      orderId: orderNo,
    });
    return { _v: V, ...order.native };
  }

  @Patch(`-/dw/data/${VERSION}/inventory_lists/:listId/product_inventory_records/:productId`)
  @ChannelOperation('salesforce-commerce', 'data.product_inventory_records.patch')
  patchInventory(
    @Param('listId') listId: string,
    @Param('productId') productId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const { record, effect } = this.setInventory(listId, productId, body, request.url);
    this.calls.record({
      channel: 'salesforce-commerce',
      kind: 'inventory',
      operation: 'data.product_inventory_records.patch',
      method: 'PATCH',
      path: request.url,
      body,
      inventory: [effect],
    });
    return record;
  }

  /**
   * OCAPI batch request (`multipart/mixed`, up to 50 subrequests, each inheriting the batch's
   * `x-dw-*` headers and overriding them): one HTTP request, so one request of the limit. The
   * simulator runs Data API `PATCH inventory_lists/{id}/product_inventory_records/{product}`
   * subrequests; any other answers 404 in its part. Parts answer with `x-dw-content-id` and
   * `x-dw-status-code`, the batch itself 200.
   */
  @Post('-/dw/batch')
  @HttpCode(200)
  @ChannelOperation('salesforce-commerce', 'batch')
  batch(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const contentType = request.headers['content-type'];
    const subrequests = parseBatch(contentType, typeof body === 'string' ? body : '');
    const inherited = Object.fromEntries(
      Object.entries(request.headers)
        .filter(([k, v]) => k.startsWith('x-dw-') && typeof v === 'string')
        .map(([k, v]) => [k, String(v)]),
    );
    const effects: InventoryEffect[] = [];
    const answers = subrequests.map((sub, i): SubResponse => {
      const h: Record<string, string> = { ...inherited, ...sub.headers };
      const contentId = h['x-dw-content-id'] ?? String(i + 1);
      const path = `${h['x-dw-resource-path'] ?? ''}${h['x-dw-resource-path-extension'] ?? ''}`;
      try {
        const { record, effect } = this.subrequest(h['x-dw-http-method'], path, sub.body);
        effects.push(effect);
        return { contentId, status: 200, body: record };
      } catch (err) {
        if (err instanceof ChannelHttpError)
          return { contentId, status: err.status, body: err.body };
        throw err;
      }
    });
    // One HTTP call of the middleware, carrying every record its parts set.
    if (effects.length > 0)
      this.calls.record({
        channel: 'salesforce-commerce',
        kind: 'inventory',
        operation: 'batch',
        method: 'POST',
        path: request.url,
        body: { subrequests: subrequests.length },
        inventory: effects,
      });
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')![1];
    void reply.header('content-type', `multipart/mixed; boundary=${boundary}`);
    return renderBatch(boundary, answers);
  }

  private subrequest(method: string | undefined, path: string, body: string) {
    const inventory = new RegExp(
      `^/s/-/dw/data/${VERSION}/inventory_lists/([^/]+)/product_inventory_records/([^/?]+)$`,
    ).exec(path);
    if (method?.toUpperCase() !== 'PATCH' || !inventory)
      throw vendorError(
        'salesforce-commerce',
        'not_found',
        `No resource for ${method} ${path}.`,
        path,
      );
    let parsed: unknown;
    try {
      parsed = body ? JSON.parse(body) : undefined;
    } catch {
      throw vendorError('salesforce-commerce', 'bad_request', 'The body is not valid JSON.', path);
    }
    return this.setInventory(
      decodeURIComponent(inventory[1]),
      decodeURIComponent(inventory[2]),
      parsed,
      path,
    );
  }

  private setInventory(listId: string, productId: string, body: unknown, url: string) {
    const request = { url };
    if (listId !== this.config.credentials['salesforce-commerce'].inventoryListId) {
      throw vendorError(
        'salesforce-commerce',
        'not_found',
        `No inventory list with ID '${listId}' was found.`,
        request.url,
      );
    }
    const allocation = isRecord(body) && isRecord(body.allocation) ? body.allocation : undefined;
    if (!allocation || typeof allocation.amount !== 'number' || allocation.amount < 0) {
      throw vendorError(
        'salesforce-commerce',
        'bad_request',
        'allocation.amount must be a number >= 0',
        request.url,
      );
    }
    const amount = allocation.amount;
    const effect: InventoryEffect = { sku: productId, location: listId, quantity: amount };
    const record = {
      _v: V,
      _type: 'product_inventory_record',
      allocation: {
        _type: 'product_inventory_record_allocation',
        amount,
        reset_date: allocation.reset_date ?? new Date().toISOString(),
      },
      ats: amount,
      backorderable: false,
      perpetual: false,
      pre_orderable: false,
      product_id: productId,
      stock_level: amount,
    };
    return { record, effect };
  }

  private checkSite(siteId: string, request: FastifyRequest): void {
    if (siteId !== this.config.credentials['salesforce-commerce'].siteId) {
      throw vendorError(
        'salesforce-commerce',
        'not_found',
        `The site '${siteId}' could not be found.`,
        request.url,
      );
    }
  }
}
