import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ChannelHttpError } from '../../common/channel-http.error';
import { rfc2822 } from '../../common/dates';
import { pageAt, pageOffset } from '../../common/paging';
import { isRecord, queryInt, queryText, queryTime } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { SimulatorConfig } from '../../config/env';
import { CLOCK, Clock, SIMULATOR_CONFIG } from '../../config/tokens';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { FaultsService } from '../../gate/faults.service';
import { CallsStore } from '../../store/calls.store';
import { Catalog } from '../../store/catalog';
import { OrderStore, byTime } from '../../store/order.store';
import { StoredOrder } from '../channel';
import { ChannelOrdersService } from '../channel-orders.service';
import { BC_STATUS, BigCommerceOrder } from './bigcommerce.orders';

const SORT_FIELDS: Record<string, (o: StoredOrder<BigCommerceOrder>) => number> = {
  id: (o) => o.native.order.id,
  date_created: (o) => o.createdAt,
  date_modified: (o) => o.updatedAt,
  status_id: (o) => o.native.order.status_id,
};

/** V2 orders, order products and shipments; V3 absolute inventory adjustments. */
@ApiTags('bigcommerce')
@Controller('stores/:storeHash')
export class BigCommerceController {
  private shipmentSeq = 0;

  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly faults: FaultsService,
    private readonly calls: CallsStore,
    private readonly catalog: Catalog,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** V2 answers 204 No Content, not an empty array, when no order matches. */
  @Get('v2/orders')
  @ChannelOperation('bigcommerce', 'v2.orders.list')
  list(
    @Param('storeHash') hash: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    this.checkStore(hash, request);
    const limit = queryInt(query, 'limit', 50, 250);
    const page = queryInt(query, 'page', 1, Number.MAX_SAFE_INTEGER);
    const [field, dir = 'asc'] = (queryText(query, 'sort') ?? 'id:asc').split(':');
    const key = SORT_FIELDS[field];
    if (!key || !['asc', 'desc'].includes(dir))
      throw vendorError(
        'bigcommerce',
        'bad_request',
        `The sort field "${field}" is not valid.`,
        request.url,
      );
    const time = (name: string) =>
      queryTime(query, name, (n) =>
        vendorError('bigcommerce', 'bad_request', `The field '${n}' is invalid.`, request.url),
      );
    const [modMin, modMax, createdMin, createdMax] = [
      'min_date_modified',
      'max_date_modified',
      'min_date_created',
      'max_date_created',
    ].map(time);
    const statusId = queryText(query, 'status_id');
    // Dates are compared at second precision, as BigCommerce stores them.
    const s = (ms: number) => Math.floor(ms / 1000) * 1000;
    const all = this.store
      .all<BigCommerceOrder>('bigcommerce')
      .filter(
        (o) =>
          (modMin === undefined || s(o.updatedAt) >= modMin) &&
          (modMax === undefined || s(o.updatedAt) <= modMax),
      )
      .filter(
        (o) =>
          (createdMin === undefined || s(o.createdAt) >= createdMin) &&
          (createdMax === undefined || s(o.createdAt) <= createdMax),
      )
      .filter((o) => statusId === undefined || String(o.native.order.status_id) === statusId)
      .sort(byTime(key, dir as 'asc' | 'desc'));
    const faults = this.faults.settings('bigcommerce');
    const items = pageAt(all, pageOffset(page, limit, faults), limit, faults).items;
    if (items.length === 0) {
      void reply.status(204);
      return undefined;
    }
    return items.map((o) => o.native.order);
  }

  @Get('v2/orders/:id')
  @ChannelOperation('bigcommerce', 'v2.orders.get')
  get(@Param('storeHash') hash: string, @Param('id') id: string, @Req() request: FastifyRequest) {
    return this.find(hash, id, request).native.order;
  }

  /**
   * Update an order, as far as the middleware uses it: `{ status_id: 5 }` cancels it (sends
   * `store/order/statusUpdated`); any other change is a 400 here. Answers the order.
   */
  @Put('v2/orders/:id')
  @ChannelOperation('bigcommerce', 'v2.orders.update')
  update(
    @Param('storeHash') hash: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const order = this.find(hash, id, request);
    if (!isRecord(body) || Number(body.status_id) !== 5)
      throw new ChannelHttpError(400, [
        { status: 400, message: 'The simulator updates status_id to 5 (Cancelled) only.' },
      ]);
    if (Number(order.native.order.status_id) !== 5) this.orders.cancel('bigcommerce', order);
    this.calls.record({
      channel: 'bigcommerce',
      kind: 'status',
      operation: 'v2.orders.update',
      method: 'PUT',
      path: request.url,
      body,
      orderId: id,
    });
    return order.native.order;
  }

  @Get('v2/orders/:id/products')
  @ChannelOperation('bigcommerce', 'v2.orders.products')
  products(
    @Param('storeHash') hash: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.find(hash, id, request).native.products;
  }

  @Get('v2/orders/:id/shipping_addresses')
  @ChannelOperation('bigcommerce', 'v2.orders.shipping_addresses')
  addresses(
    @Param('storeHash') hash: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ) {
    return this.find(hash, id, request).native.shipping_addresses;
  }

  /** The order's shipments (tracking number, carrier, comments, items); 204 when there is none. */
  @Get('v2/orders/:id/shipments')
  @ChannelOperation('bigcommerce', 'v2.orders.shipments')
  shipments(
    @Param('storeHash') hash: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const shipments = this.find(hash, id, request).native.shipments;
    if (shipments.length === 0) void reply.status(204);
    return shipments.length === 0 ? undefined : shipments;
  }

  @Post('v2/orders/:id/shipments')
  @HttpCode(201)
  @ChannelOperation('bigcommerce', 'v2.orders.shipments.create')
  ship(
    @Param('storeHash') hash: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    const order = this.find(hash, id, request);
    const b = isRecord(body) ? body : {};
    const address = order.native.shipping_addresses.find(
      (a) => a.id === Number(b.order_address_id),
    );
    const items = Array.isArray(b.items) ? b.items.filter(isRecord) : [];
    if (!address || items.length === 0) {
      throw new ChannelHttpError(400, [
        {
          status: 400,
          message: 'The required fields order_address_id and items are missing or invalid.',
        },
      ]);
    }
    for (const item of items) {
      const product = order.native.products.find((p) => p.id === Number(item.order_product_id));
      const quantity = Number(item.quantity);
      if (
        !product ||
        !Number.isInteger(quantity) ||
        quantity < 1 ||
        product.quantity_shipped + quantity > product.quantity
      ) {
        throw new ChannelHttpError(400, [
          {
            status: 400,
            message: `The quantity specified for order product ${String(item.order_product_id)} is greater than the quantity available to ship.`,
          },
        ]);
      }
      product.quantity_shipped += quantity;
    }
    const shipped = order.native.products.reduce((s, p) => s + p.quantity_shipped, 0);
    const total = order.native.products.reduce((s, p) => s + p.quantity, 0);
    const statusId = shipped === total ? 2 : 3;
    Object.assign(order.native.order, {
      items_shipped: shipped,
      status_id: statusId,
      status: BC_STATUS[statusId],
      custom_status: BC_STATUS[statusId],
      date_shipped: rfc2822(new Date(this.clock())),
    });
    const shipment = {
      id: ++this.shipmentSeq,
      order_id: order.native.order.id,
      customer_id: 0,
      order_address_id: address.id,
      date_created: rfc2822(new Date(this.clock())),
      tracking_number: b.tracking_number ?? '',
      shipping_method: b.shipping_method ?? '',
      shipping_provider: b.shipping_provider ?? '',
      tracking_carrier: b.tracking_carrier ?? '',
      tracking_link: '',
      comments: b.comments ?? '',
      billing_address: order.native.order.billing_address,
      shipping_address: address,
      items: items.map((i) => ({
        order_product_id: Number(i.order_product_id),
        product_id: 0,
        quantity: Number(i.quantity),
      })),
    };
    order.native.shipments.push(shipment);
    this.orders.changed('bigcommerce', order);
    this.calls.record({
      channel: 'bigcommerce',
      kind: 'shipment',
      operation: 'v2.orders.shipments.create',
      method: 'POST',
      path: request.url,
      body,
      orderId: id,
    });
    return shipment;
  }

  /**
   * Get inventory at locations (v3 `GET /inventory/items`), filtered by `sku:in` and
   * `location_id:in`: what the middleware last set (a SKU never set is absent), as
   * `{ data: [{ identity: { sku }, locations: [{ location_id, available_to_sell, ... }] }] }`.
   */
  @Get('v3/inventory/items')
  @ChannelOperation('bigcommerce', 'v3.inventory.items')
  inventoryItems(
    @Param('storeHash') hash: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
  ) {
    this.checkStore(hash, request);
    const list = (name: string) =>
      (queryText(query, name) ?? '').split(',').filter((v) => v !== '');
    const skus = list('sku:in');
    const locations = list('location_id:in');
    const set = this.calls
      .availability('bigcommerce')
      .filter(
        (e) =>
          (skus.length === 0 || skus.includes(e.sku ?? '')) &&
          (locations.length === 0 || locations.includes(e.location)),
      );
    const bySku = new Map<string, typeof set>();
    for (const e of set) bySku.set(e.sku ?? '', [...(bySku.get(e.sku ?? '') ?? []), e]);
    return {
      data: [...bySku].map(([sku, entries]) => ({
        identity: { sku, variant_id: null, product_id: null },
        locations: entries.map((e) => ({
          location_id: Number(e.location),
          available_to_sell: e.quantity,
          total_inventory_onhand: e.quantity,
          settings: { safety_stock: 0, is_in_stock: e.quantity > 0, warning_level: 0 },
        })),
      })),
      meta: { pagination: { count: bySku.size, total: bySku.size } },
    };
  }

  @Put('v3/inventory/adjustments/absolute')
  @ChannelOperation('bigcommerce', 'v3.inventory.adjustments.absolute')
  absolute(
    @Param('storeHash') hash: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    this.checkStore(hash, request);
    const items = isRecord(body) && Array.isArray(body.items) ? body.items : [];
    const valid =
      items.length > 0 &&
      items.every(
        (i) =>
          isRecord(i) &&
          Number.isInteger(i.location_id) &&
          Number.isInteger(i.quantity) &&
          (i.sku !== undefined || i.variant_id !== undefined || i.product_id !== undefined),
      );
    if (!valid) {
      throw new ChannelHttpError(422, {
        status: 422,
        title: 'Input is invalid',
        type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
        errors: {
          items: 'each item needs location_id, quantity and one of sku, variant_id, product_id',
        },
      });
    }
    const inventory = (items as Record<string, unknown>[]).map((i) => ({
      sku:
        typeof i.sku === 'string'
          ? i.sku
          : i.variant_id !== undefined
            ? this.catalog.skuOf('bigcommerce-variant', Number(i.variant_id))
            : this.catalog.skuOf('bigcommerce-product', Number(i.product_id)),
      location: String(i.location_id),
      quantity: Number(i.quantity),
    }));
    this.calls.record({
      channel: 'bigcommerce',
      kind: 'inventory',
      operation: 'v3.inventory.adjustments.absolute',
      method: 'PUT',
      path: request.url,
      body,
      inventory,
    });
    return { transaction_id: randomUUID() };
  }

  private checkStore(hash: string, request: FastifyRequest): void {
    if (hash !== this.config.credentials.bigcommerce.storeHash)
      throw vendorError(
        'bigcommerce',
        'not_found',
        'The requested resource was not found.',
        request.url,
      );
  }

  private find(hash: string, id: string, request: FastifyRequest): StoredOrder<BigCommerceOrder> {
    this.checkStore(hash, request);
    const order = this.store.get<BigCommerceOrder>('bigcommerce', id);
    if (!order)
      throw vendorError(
        'bigcommerce',
        'not_found',
        'The requested resource was not found.',
        request.url,
      );
    return order;
  }
}
