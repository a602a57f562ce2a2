import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { amazonTime } from '../../common/dates';
import { decodeToken, encodeToken, pageAt } from '../../common/paging';
import { isRecord, queryInt, queryText, queryTime } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { SimulatorConfig } from '../../config/env';
import { CLOCK, Clock, SIMULATOR_CONFIG } from '../../config/tokens';
import { header } from '../../gate/authenticate';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { FaultsService } from '../../gate/faults.service';
import { CallsStore } from '../../store/calls.store';
import { OrderStore, byTime } from '../../store/order.store';
import { TokenStore } from '../../store/token.store';
import { StoredOrder } from '../channel';
import { ChannelOrdersService } from '../channel-orders.service';
import { AmazonOrder, withoutRestrictedData } from './amazon.orders';

interface OrdersQuery {
  marketplaceIds: string[];
  createdAfter?: number;
  createdBefore?: number;
  updatedAfter?: number;
  updatedBefore?: number;
  statuses?: string[];
  /** When the first page was asked: LastUpdatedBefore / CreatedBefore of every page. */
  asOf: number;
}

/** Orders API v0 (getOrders, getOrder, getOrderItems, confirmShipment) and Listings 2021-08-01. */
@ApiTags('amazon')
@Controller()
export class AmazonOrdersController {
  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly faults: FaultsService,
    private readonly tokens: TokenStore,
    private readonly calls: CallsStore,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('orders/v0/orders')
  @ChannelOperation('amazon', 'getOrders')
  getOrders(@Query() query: unknown, @Req() request: FastifyRequest) {
    let size = queryInt(query, 'MaxResultsPerPage', 100, 100);
    const nextToken = queryText(query, 'NextToken');
    let q: OrdersQuery;
    let offset = 0;
    if (nextToken !== undefined) {
      const cursor = decodeToken<{ q: OrdersQuery; o: number; s: number }>(nextToken);
      if (!cursor) throw vendorError('amazon', 'bad_request', 'Invalid NextToken', request.url);
      // The token carries the first request's query and page size.
      ({ q, o: offset, s: size } = cursor);
    } else {
      q = this.ordersQuery(query, request);
    }
    const all = this.matching(q);
    const page = pageAt(all, offset, size, this.faults.settings('amazon'));
    const payload: Record<string, unknown> = {
      Orders: page.items.map((o) => this.visible(o.native.order, request, '/orders/v0/orders')),
    };
    if (page.nextOffset !== undefined)
      payload.NextToken = encodeToken({ q, o: page.nextOffset, s: size });
    if (q.updatedAfter !== undefined)
      payload.LastUpdatedBefore = amazonTime(new Date(q.updatedBefore ?? q.asOf));
    else payload.CreatedBefore = amazonTime(new Date(q.createdBefore ?? q.asOf));
    return { payload };
  }

  @Get('orders/v0/orders/:orderId')
  @ChannelOperation('amazon', 'getOrder')
  getOrder(@Param('orderId') orderId: string, @Req() request: FastifyRequest) {
    return {
      payload: this.visible(
        this.find(orderId, request).native.order,
        request,
        `/orders/v0/orders/${orderId}`,
      ),
    };
  }

  /**
   * Orders API 2026-01-01 getOrder, the part the middleware reads: the order's packages
   * (`includedData=PACKAGES`) with their reference, carrier, tracking number and items.
   */
  @Get('orders/2026-01-01/orders/:orderId')
  @ChannelOperation('amazon', 'getOrder')
  getOrder2026(@Param('orderId') orderId: string, @Req() request: FastifyRequest) {
    const order = this.find(orderId, request);
    return { order: { orderId, packages: order.native.packages ?? [] } };
  }

  @Get('orders/v0/orders/:orderId/orderItems')
  @ChannelOperation('amazon', 'getOrderItems')
  getOrderItems(
    @Param('orderId') orderId: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
  ) {
    const order = this.find(orderId, request);
    const token = queryText(query, 'NextToken');
    const offset = token === undefined ? 0 : (decodeToken<{ o: number }>(token)?.o ?? 0);
    const page = pageAt(order.native.items, offset, 100, {
      duplicatePages: false,
      outOfOrder: false,
    });
    return {
      payload: {
        OrderItems: page.items,
        AmazonOrderId: orderId,
        ...(page.nextOffset !== undefined
          ? { NextToken: encodeToken({ o: page.nextOffset }) }
          : {}),
      },
    };
  }

  @Post('orders/v0/orders/:orderId/shipmentConfirmation')
  @HttpCode(204)
  @ChannelOperation('amazon', 'confirmShipment')
  confirmShipment(
    @Param('orderId') orderId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): void {
    const order = this.find(orderId, request);
    const b = isRecord(body) ? body : {};
    const pkg = isRecord(b.packageDetail) ? b.packageDetail : undefined;
    const lines = Array.isArray(pkg?.orderItems) ? pkg.orderItems : [];
    if (
      typeof b.marketplaceId !== 'string' ||
      !pkg ||
      typeof pkg.packageReferenceId !== 'string' ||
      !/^[1-9][0-9]*$/.test(pkg.packageReferenceId) ||
      typeof pkg.carrierCode !== 'string' ||
      lines.length === 0
    ) {
      throw vendorError(
        'amazon',
        'bad_request',
        'marketplaceId and packageDetail { packageReferenceId (positive numeric), carrierCode, trackingNumber, shipDate, orderItems } are required',
        request.url,
      );
    }
    if ((order.native.packages ?? []).some((p) => p.packageReferenceId === pkg.packageReferenceId))
      throw vendorError(
        'amazon',
        'bad_request',
        `Package reference id ${pkg.packageReferenceId} already exists for order ${orderId}`,
        request.url,
      );
    for (const line of lines) {
      const item = order.native.items.find(
        (i) => isRecord(line) && i.OrderItemId === line.orderItemId,
      );
      const quantity = isRecord(line) ? Number(line.quantity) : NaN;
      if (
        !item ||
        !Number.isInteger(quantity) ||
        quantity < 1 ||
        item.QuantityShipped + quantity > item.QuantityOrdered
      ) {
        throw vendorError(
          'amazon',
          'bad_request',
          `Invalid orderItems entry for order ${orderId}`,
          request.url,
        );
      }
      item.QuantityShipped += quantity;
    }
    (order.native.packages ??= []).push({
      packageReferenceId: pkg.packageReferenceId,
      createdTime: amazonTime(new Date(this.clock())),
      carrier: pkg.carrierCode,
      trackingNumber: typeof pkg.trackingNumber === 'string' ? pkg.trackingNumber : undefined,
      shipTime: pkg.shipDate,
      packageItems: lines.filter(isRecord).map((l) => ({
        orderItemId: l.orderItemId,
        quantity: Number(l.quantity),
      })),
    });
    const shipped = order.native.items.reduce((s, i) => s + i.QuantityShipped, 0);
    const ordered = order.native.items.reduce((s, i) => s + i.QuantityOrdered, 0);
    Object.assign(order.native.order, {
      NumberOfItemsShipped: shipped,
      NumberOfItemsUnshipped: ordered - shipped,
      OrderStatus: shipped === ordered ? 'Shipped' : 'PartiallyShipped',
    });
    this.orders.changed('amazon', order);
    this.calls.record({
      channel: 'amazon',
      kind: 'shipment',
      operation: 'confirmShipment',
      method: 'POST',
      path: request.url,
      body,
      orderId,
    });
  }

  @Patch('listings/2021-08-01/items/:sellerId/:sku')
  @ChannelOperation('amazon', 'patchListingsItem')
  patchListing(
    @Param('sellerId') sellerId: string,
    @Param('sku') sku: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ) {
    if (sellerId !== this.config.credentials.amazon.sellerId) {
      throw vendorError(
        'amazon',
        'unauthorized',
        'Access to requested resource is denied.',
        request.url,
      );
    }
    const marketplaceIds = queryText(query, 'marketplaceIds');
    const patches = isRecord(body) && Array.isArray(body.patches) ? body.patches : [];
    if (
      !marketplaceIds ||
      !isRecord(body) ||
      typeof body.productType !== 'string' ||
      patches.length === 0
    ) {
      throw vendorError(
        'amazon',
        'bad_request',
        'marketplaceIds, productType and patches are required',
        request.url,
      );
    }
    const inventory = patches
      .filter(
        (p) =>
          isRecord(p) &&
          p.path === '/attributes/fulfillment_availability' &&
          Array.isArray(p.value),
      )
      .flatMap((p) => (p as { value: unknown[] }).value)
      .filter(isRecord)
      .map((v) => ({
        sku: decodeURIComponent(sku),
        location: String(v.fulfillment_channel_code ?? 'DEFAULT'),
        quantity: Number(v.quantity),
      }));
    this.calls.record({
      channel: 'amazon',
      kind: 'inventory',
      operation: 'patchListingsItem',
      method: 'PATCH',
      path: request.url,
      body,
      inventory,
    });
    return {
      sku: decodeURIComponent(sku),
      status: 'ACCEPTED',
      submissionId: `sim-${this.clock()}-${inventory.length}`,
      issues: [],
    };
  }

  private ordersQuery(query: unknown, request: FastifyRequest): OrdersQuery {
    const bad = (message: string) => vendorError('amazon', 'bad_request', message, request.url);
    const marketplaceIds = (queryText(query, 'MarketplaceIds') ?? '').split(',').filter(Boolean);
    if (marketplaceIds.length === 0) throw bad('MarketplaceIds is required');
    const time = (name: string) =>
      queryTime(query, name, (n) => bad(`${n} is not an ISO 8601 date`));
    const q: OrdersQuery = {
      marketplaceIds,
      createdAfter: time('CreatedAfter'),
      createdBefore: time('CreatedBefore'),
      updatedAfter: time('LastUpdatedAfter'),
      updatedBefore: time('LastUpdatedBefore'),
      statuses: queryText(query, 'OrderStatuses')?.split(','),
      asOf: this.clock(),
    };
    if ((q.createdAfter === undefined) === (q.updatedAfter === undefined)) {
      throw bad('Exactly one of CreatedAfter and LastUpdatedAfter must be specified');
    }
    return q;
  }

  private matching(q: OrdersQuery): StoredOrder<AmazonOrder>[] {
    const byUpdate = q.updatedAfter !== undefined;
    return this.store
      .all<AmazonOrder>('amazon')
      .filter((o) => q.marketplaceIds.includes(String(o.native.order.MarketplaceId)))
      .filter((o) => !q.statuses || q.statuses.includes(o.native.order.OrderStatus))
      .filter((o) =>
        byUpdate
          ? o.updatedAt >= q.updatedAfter! && o.updatedAt <= (q.updatedBefore ?? Infinity)
          : o.createdAt >= q.createdAfter! && o.createdAt <= (q.createdBefore ?? Infinity),
      )
      .sort(byTime((o) => (byUpdate ? o.updatedAt : o.createdAt)));
  }

  private find(orderId: string, request: FastifyRequest): StoredOrder<AmazonOrder> {
    const order = this.store.get<AmazonOrder>('amazon', orderId);
    if (!order) throw vendorError('amazon', 'not_found', `Order ${orderId} not found`, request.url);
    return order;
  }

  /** PII only with a Restricted Data Token naming this path (or its {orderId} template). */
  private visible(order: AmazonOrder['order'], request: FastifyRequest, path: string) {
    const token = this.tokens.valid(header(request, 'x-amz-access-token'), 'amazon');
    const template = path.replace(/^\/orders\/v0\/orders\/[^/]+$/, '/orders/v0/orders/{orderId}');
    const grants = (token?.kind === 'rdt' ? (token.resources ?? []) : []).filter(
      (r) => r.method.toUpperCase() === 'GET' && (r.path === path || r.path === template),
    );
    const has = (element: string) => grants.some((g) => (g.dataElements ?? []).includes(element));
    return withoutRestrictedData(order, {
      address: has('shippingAddress'),
      buyer: has('buyerInfo'),
    });
  }
}
