import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { pageAt, pageOffset } from '../../common/paging';
import { isRecord } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { ChannelFaults } from '../../gate/fault-config';
import { FaultsService } from '../../gate/faults.service';
import { CallsStore } from '../../store/calls.store';
import { OrderStore } from '../../store/order.store';
import { StoredOrder } from '../channel';
import { ChannelOrdersService } from '../channel-orders.service';
import { AdobeOrder } from './adobe.orders';
import { SearchCriteria, meets, parseSearchCriteria } from './search-criteria';

export const NOT_FOUND =
  "The entity that was requested doesn't exist. Verify the entity and try again.";
type Stored = StoredOrder<AdobeOrder>;

/** Adobe Commerce (Magento 2) REST: orders with searchCriteria, shipments, source items. */
@ApiTags('adobe-commerce')
@Controller('rest/V1')
export class AdobeCommerceController {
  private shipmentSeq = 0;
  /** Shipments created per order (salesShipmentRepositoryV1), with their tracks and comment. */
  private readonly shipments = new WeakMap<Stored, Record<string, unknown>[]>();

  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly faults: FaultsService,
    private readonly calls: CallsStore,
  ) {}

  /**
   * Like Magento's collections, a currentPage past the last page answers the last page again:
   * callers must stop on total_count, not on an empty page.
   */
  @Get('orders')
  @ChannelOperation('adobe-commerce', 'salesOrderRepositoryV1GetListGet')
  list(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest) {
    const criteria = criteriaOf(query, request);
    const all = this.store
      .all<AdobeOrder>('adobe-commerce')
      .filter((o) => meets(criteria, (field) => valueOf(o, field)))
      .sort(comparator(criteria));
    const page = criteriaPage(all, criteria, this.faults.settings('adobe-commerce'));
    return {
      items: page.map((o) => o.native),
      search_criteria: criteria,
      total_count: all.length,
    };
  }

  @Get('orders/:id')
  @ChannelOperation('adobe-commerce', 'salesOrderRepositoryV1GetGet')
  get(@Param('id') id: string, @Req() request: FastifyRequest) {
    return this.find(id, request).native;
  }

  /** salesOrderManagementV1CancelPost: cancels what is not shipped; answers `true` (false when it cannot). */
  @Post('orders/:id/cancel')
  @HttpCode(200)
  @ChannelOperation('adobe-commerce', 'salesOrderManagementV1CancelPost')
  cancel(@Param('id') id: string, @Req() request: FastifyRequest) {
    const order = this.find(id, request);
    const open = order.native.items.some((i) => i.qty_ordered - i.qty_shipped > 0);
    if (order.native.state === 'canceled' || !open) return false;
    this.orders.cancel('adobe-commerce', order);
    this.calls.record({
      channel: 'adobe-commerce',
      kind: 'status',
      operation: 'salesOrderManagementV1CancelPost',
      method: 'POST',
      path: request.url,
      body: {},
      orderId: id,
    });
    return true;
  }

  /**
   * salesShipmentRepositoryV1GetListGet: shipments by searchCriteria; the middleware filters on
   * `order_id` (the order's entity_id). Each carries `tracks` and `comments` as Magento's do.
   */
  @Get('shipments')
  @ChannelOperation('adobe-commerce', 'salesShipmentRepositoryV1GetListGet')
  listShipments(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest) {
    const criteria = criteriaOf(query, request);
    const items = this.store
      .all<AdobeOrder>('adobe-commerce')
      .flatMap((o) => this.shipments.get(o) ?? [])
      .filter((s) => meets(criteria, (field) => s[field]));
    return { items, search_criteria: criteria, total_count: items.length };
  }

  /** salesShipOrderV1: answers the new shipment id as a JSON string ("1"). */
  @Post('order/:orderId/ship')
  @HttpCode(200)
  @Header('content-type', 'application/json; charset=utf-8')
  @ChannelOperation('adobe-commerce', 'salesShipOrderV1ExecutePost')
  ship(@Param('orderId') orderId: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const order = this.find(orderId, request);
    const b = isRecord(body) ? body : {};
    const open = order.native.items.filter(
      (i) => i.qty_ordered - i.qty_shipped - Number(i.qty_canceled ?? 0) > 0,
    );
    const requested =
      Array.isArray(b.items) && b.items.length > 0
        ? b.items.filter(isRecord).map((i) => ({
            item: order.native.items.find((x) => x.item_id === Number(i.order_item_id)),
            qty: Number(i.qty),
          }))
        : open.map((item) => ({ item, qty: item.qty_ordered - item.qty_shipped }));
    const invalid =
      requested.length === 0 ||
      order.native.state === 'canceled' ||
      requested.some(
        ({ item, qty }) => !item || !(qty > 0) || item.qty_shipped + qty > item.qty_ordered,
      );
    if (invalid) {
      throw new ChannelHttpError(400, {
        message:
          'Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.',
      });
    }
    for (const { item, qty } of requested) item!.qty_shipped += qty;
    order.native.state = 'processing';
    order.native.status = 'processing';
    this.orders.changed('adobe-commerce', order);
    this.calls.record({
      channel: 'adobe-commerce',
      kind: 'shipment',
      operation: 'salesShipOrderV1ExecutePost',
      method: 'POST',
      path: request.url,
      body,
      orderId,
    });
    const id = ++this.shipmentSeq;
    const comment =
      isRecord(b.comment) && typeof b.comment.comment === 'string' ? b.comment : undefined;
    const shipments = this.shipments.get(order) ?? [];
    shipments.push({
      entity_id: id,
      order_id: order.native.entity_id,
      increment_id: String(id).padStart(9, '0'),
      items: requested.map(({ item, qty }) => ({
        order_item_id: item!.item_id,
        sku: item!.sku,
        qty,
      })),
      tracks: (Array.isArray(b.tracks) ? b.tracks.filter(isRecord) : []).map((t) => ({
        order_id: order.native.entity_id,
        parent_id: id,
        track_number: t.track_number,
        title: t.title,
        carrier_code: t.carrier_code,
      })),
      comments: comment ? [{ parent_id: id, comment: comment.comment }] : [],
    });
    this.shipments.set(order, shipments);
    return JSON.stringify(String(id));
  }

  /** inventoryApiSourceItemsSaveV1: saves quantities per SKU and source; answers []. */
  @Post('inventory/source-items')
  @HttpCode(200)
  @ChannelOperation('adobe-commerce', 'inventoryApiSourceItemsSaveV1ExecutePost')
  sourceItems(@Body() body: unknown, @Req() request: FastifyRequest) {
    const items = isRecord(body) && Array.isArray(body.sourceItems) ? body.sourceItems : [];
    const valid =
      items.length > 0 &&
      items.every(
        (i) =>
          isRecord(i) &&
          typeof i.sku === 'string' &&
          typeof i.source_code === 'string' &&
          typeof i.quantity === 'number' &&
          [0, 1].includes(Number(i.status)),
      );
    if (!valid)
      throw vendorError(
        'adobe-commerce',
        'bad_request',
        'Validation Failed: sourceItems need sku, source_code, quantity and status (0|1)',
        request.url,
      );
    const inventory = (items as Record<string, unknown>[]).map((i) => ({
      sku: String(i.sku),
      location: String(i.source_code),
      quantity: Number(i.quantity),
    }));
    this.calls.record({
      channel: 'adobe-commerce',
      kind: 'inventory',
      operation: 'inventoryApiSourceItemsSaveV1ExecutePost',
      method: 'POST',
      path: request.url,
      body,
      inventory,
    });
    return [];
  }

  private find(id: string, request: FastifyRequest): Stored {
    const order = this.store.get<AdobeOrder>('adobe-commerce', id);
    if (!order) throw vendorError('adobe-commerce', 'not_found', NOT_FOUND, request.url);
    return order;
  }
}

/** The request's searchCriteria; malformed ones answer Magento's 400. */
export function criteriaOf(
  query: Record<string, unknown>,
  request: FastifyRequest,
): SearchCriteria {
  try {
    return parseSearchCriteria(query);
  } catch (error) {
    throw vendorError('adobe-commerce', 'bad_request', (error as Error).message, request.url);
  }
}

/**
 * The page `searchCriteria` asks of a filtered, sorted list (no page size: all). Like Magento's
 * collections, a currentPage past the last page answers the last page again.
 */
export function criteriaPage<T>(all: T[], criteria: SearchCriteria, faults: ChannelFaults): T[] {
  const size =
    criteria.page_size && criteria.page_size > 0 ? criteria.page_size : Math.max(1, all.length);
  const lastPage = Math.max(1, Math.ceil(all.length / size));
  const current = Math.min(Math.max(1, criteria.current_page ?? 1), lastPage);
  return pageAt(all, pageOffset(current, size, faults), size, faults).items;
}

function valueOf(order: Stored, field: string): unknown {
  return order.native[field];
}

function comparator(criteria: SearchCriteria): (a: Stored, b: Stored) => number {
  const sorts =
    criteria.sort_orders.length > 0
      ? criteria.sort_orders
      : [{ field: 'entity_id', direction: 'ASC' as const }];
  return (a, b) => {
    for (const { field, direction } of sorts) {
      const key = (o: Stored) =>
        field === 'updated_at'
          ? o.updatedAt
          : field === 'created_at'
            ? o.createdAt
            : (valueOf(o, field) as number | string);
      const [x, y] = [key(a), key(b)];
      if (x !== y) return (x < y ? -1 : 1) * (direction === 'DESC' ? -1 : 1);
    }
    return a.seq - b.seq;
  };
}
