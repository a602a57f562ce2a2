import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { parseTime } from '../../common/dates';
import { decodeToken, encodeToken, pageAt } from '../../common/paging';
import { isRecord } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { CLOCK, Clock } from '../../config/tokens';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { FaultsService } from '../../gate/faults.service';
import { CallsStore } from '../../store/calls.store';
import { Catalog } from '../../store/catalog';
import { OrderStore, byTime } from '../../store/order.store';
import { StoredOrder } from '../channel';
import { ChannelOrdersService } from '../channel-orders.service';
import { SquareOrder } from './square.orders';
import { SearchQuery, parseSearch } from './square-search';

type Stored = StoredOrder<SquareOrder>;

export function squareError(
  status: number,
  category: string,
  code: string,
  detail: string,
  field?: string,
): ChannelHttpError {
  return new ChannelHttpError(status, {
    errors: [{ category, code, detail, ...(field ? { field } : {}) }],
  });
}

/** Orders API (SearchOrders, RetrieveOrder, BatchRetrieveOrders, UpdateOrder) and Inventory. */
@ApiTags('square')
@Controller('v2')
export class SquareController {
  private readonly idempotent = new Map<string, unknown>();

  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly faults: FaultsService,
    private readonly calls: CallsStore,
    private readonly catalog: Catalog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Square omits empty fields: no match answers `{}`. */
  @Post('orders/search')
  @HttpCode(200)
  @ChannelOperation('square', 'SearchOrders')
  search(@Body() body: unknown) {
    const b = isRecord(body) ? body : {};
    // Square: a cursor continues the original query, which the caller must send again.
    const q: SearchQuery = parseSearch(b);
    let offset = 0;
    if (b.cursor !== undefined) {
      const cursor =
        typeof b.cursor === 'string' ? decodeToken<{ o: number }>(b.cursor) : undefined;
      if (!cursor || !Number.isInteger(cursor.o)) {
        throw squareError(
          400,
          'INVALID_REQUEST_ERROR',
          'INVALID_CURSOR',
          'The cursor is not valid.',
          'cursor',
        );
      }
      offset = cursor.o;
    }
    const timeOf = (o: Stored) =>
      q.sortField === 'UPDATED_AT'
        ? o.updatedAt
        : q.sortField === 'CLOSED_AT'
          ? (parseTime(o.native.closed_at) ?? 0)
          : o.createdAt;
    const all = this.store
      .all<SquareOrder>('square')
      .filter((o) => q.locationIds.includes(o.native.location_id))
      .filter((o) => !q.states || q.states.includes(o.native.state))
      .filter(
        (o) =>
          (q.startAt === undefined || timeOf(o) >= q.startAt) &&
          (q.endAt === undefined || timeOf(o) <= q.endAt),
      )
      .sort(byTime(timeOf, q.sortOrder === 'ASC' ? 'asc' : 'desc'));
    const page = pageAt(all, offset, q.limit, this.faults.settings('square'));
    const out: Record<string, unknown> = {};
    if (page.items.length > 0) {
      out[q.returnEntries ? 'order_entries' : 'orders'] = page.items.map((o) =>
        q.returnEntries
          ? { order_id: o.id, version: o.native.version, location_id: o.native.location_id }
          : o.native,
      );
    }
    if (page.nextOffset !== undefined) out.cursor = encodeToken({ o: page.nextOffset });
    return out;
  }

  @Post('orders/batch-retrieve')
  @HttpCode(200)
  @ChannelOperation('square', 'BatchRetrieveOrders')
  batchRetrieve(@Body() body: unknown) {
    const ids = isRecord(body) && Array.isArray(body.order_ids) ? body.order_ids.map(String) : [];
    if (ids.length === 0 || ids.length > 100)
      throw squareError(
        400,
        'INVALID_REQUEST_ERROR',
        'INVALID_ARRAY_LENGTH',
        'order_ids must list 1 to 100 ids.',
        'order_ids',
      );
    const found = ids
      .map((id) => this.store.get<SquareOrder>('square', id)?.native)
      .filter((o) => o !== undefined);
    return found.length > 0 ? { orders: found } : {};
  }

  @Get('orders/:orderId')
  @ChannelOperation('square', 'RetrieveOrder')
  retrieve(@Param('orderId') orderId: string, @Req() request: FastifyRequest) {
    return { order: this.find(orderId, request).native };
  }

  /** UpdateOrder: sparse order with the current version; fulfillments merged by uid. */
  @Put('orders/:orderId')
  @ChannelOperation('square', 'UpdateOrder')
  update(@Param('orderId') orderId: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const b = isRecord(body) ? body : {};
    const key =
      typeof b.idempotency_key === 'string' ? `update:${orderId}:${b.idempotency_key}` : undefined;
    if (key && this.idempotent.has(key)) return this.idempotent.get(key);
    const order = this.find(orderId, request);
    const sparse = isRecord(b.order) ? b.order : undefined;
    if (!sparse || !Number.isInteger(sparse.version))
      throw squareError(
        400,
        'INVALID_REQUEST_ERROR',
        'MISSING_REQUIRED_PARAMETER',
        'order.version is required.',
        'order.version',
      );
    if (sparse.version !== order.native.version)
      throw squareError(
        400,
        'INVALID_REQUEST_ERROR',
        'VERSION_MISMATCH',
        'Order version does not match the current version.',
        'order.version',
      );
    const completedBefore = new Set(
      order.native.fulfillments.filter((f) => f.state === 'COMPLETED').map((f) => f.uid),
    );
    for (const change of Array.isArray(sparse.fulfillments)
      ? sparse.fulfillments.filter(isRecord)
      : []) {
      const target = order.native.fulfillments.find((f) => f.uid === change.uid);
      if (!target)
        throw squareError(
          400,
          'INVALID_REQUEST_ERROR',
          'NOT_FOUND',
          `Fulfillment ${String(change.uid)} not found.`,
          'order.fulfillments',
        );
      Object.assign(target, change);
    }
    if (typeof sparse.state === 'string') order.native.state = sparse.state;
    this.orders.changed('square', order);
    const shipped = order.native.fulfillments.some(
      (f) => f.state === 'COMPLETED' && !completedBefore.has(f.uid),
    );
    this.calls.record({
      channel: 'square',
      kind: shipped ? 'shipment' : 'status',
      operation: 'UpdateOrder',
      method: 'PUT',
      path: request.url,
      body,
      orderId,
    });
    const answer = { order: order.native };
    if (key) this.idempotent.set(key, structuredClone(answer));
    return answer;
  }

  /** BatchChangeInventory: PHYSICAL_COUNT sets a count; ADJUSTMENT moves quantity between states. */
  @Post('inventory/changes/batch-create')
  @HttpCode(200)
  @ChannelOperation('square', 'BatchChangeInventory')
  changeInventory(@Body() body: unknown, @Req() request: FastifyRequest) {
    const b = isRecord(body) ? body : {};
    if (typeof b.idempotency_key !== 'string' || b.idempotency_key === '') {
      throw squareError(
        400,
        'INVALID_REQUEST_ERROR',
        'MISSING_REQUIRED_PARAMETER',
        'Field must be set',
        'idempotency_key',
      );
    }
    const key = `inventory:${b.idempotency_key}`;
    if (this.idempotent.has(key)) return this.idempotent.get(key);
    const changes = Array.isArray(b.changes) ? b.changes.filter(isRecord) : [];
    const counts = changes.map((change) => {
      const count = isRecord(change.physical_count) ? change.physical_count : undefined;
      if (
        change.type !== 'PHYSICAL_COUNT' ||
        !count ||
        typeof count.catalog_object_id !== 'string' ||
        typeof count.location_id !== 'string' ||
        !/^\d+(\.\d+)?$/.test(String(count.quantity))
      ) {
        throw squareError(
          400,
          'INVALID_REQUEST_ERROR',
          'INVALID_VALUE',
          'Each change must be a PHYSICAL_COUNT with catalog_object_id, location_id and a decimal quantity string.',
          'changes',
        );
      }
      return count;
    });
    if (counts.length === 0)
      throw squareError(
        400,
        'INVALID_REQUEST_ERROR',
        'INVALID_ARRAY_LENGTH',
        'changes must not be empty.',
        'changes',
      );
    const calculatedAt = new Date(this.clock()).toISOString();
    this.calls.record({
      channel: 'square',
      kind: 'inventory',
      operation: 'BatchChangeInventory',
      method: 'POST',
      path: request.url,
      body,
      inventory: counts.map((c) => ({
        sku: this.catalog.skuOf('square-variation', String(c.catalog_object_id)),
        location: String(c.location_id),
        quantity: Number(c.quantity),
      })),
    });
    const answer = {
      counts: counts.map((c) => ({
        catalog_object_id: c.catalog_object_id,
        catalog_object_type: 'ITEM_VARIATION',
        state: c.state ?? 'IN_STOCK',
        location_id: c.location_id,
        quantity: String(c.quantity),
        calculated_at: calculatedAt,
      })),
    };
    this.idempotent.set(key, answer);
    return answer;
  }

  /**
   * SearchCatalogObjects, as far as channel-sync uses it: `object_types: ['ITEM_VARIATION']` and a
   * `set_query` (or `exact_query`) on `sku`; every SKU is known (ids derived from the SKU).
   */
  @Post('catalog/search')
  @HttpCode(200)
  @ChannelOperation('square', 'SearchCatalogObjects')
  searchCatalog(@Body() body: unknown) {
    const b = isRecord(body) ? body : {};
    const query = isRecord(b.query) ? b.query : {};
    const set = isRecord(query.set_query) ? query.set_query : undefined;
    const exact = isRecord(query.exact_query) ? query.exact_query : undefined;
    const on = set ?? exact;
    const values = set
      ? Array.isArray(set.attribute_values)
        ? set.attribute_values.map(String)
        : []
      : exact
        ? [String(exact.attribute_value ?? '')]
        : [];
    if (!on || on.attribute_name !== 'sku' || values.length === 0)
      throw squareError(
        400,
        'INVALID_REQUEST_ERROR',
        'INVALID_VALUE',
        'The simulator searches item variations by sku (set_query or exact_query) only.',
        'query',
      );
    return {
      objects: values.map((sku) => ({
        type: 'ITEM_VARIATION',
        id: this.catalog.textId('square-variation', sku),
        version: 1,
        is_deleted: false,
        present_at_all_locations: true,
        item_variation_data: { sku, name: sku, pricing_type: 'VARIABLE_PRICING' },
      })),
    };
  }

  /**
   * BatchRetrieveInventoryCounts: the IN_STOCK count per item variation and location that the
   * middleware last set (never set: absent), `{ counts: [{ catalog_object_id, location_id, state,
   * quantity, calculated_at }] }`.
   */
  @Post('inventory/counts/batch-retrieve')
  @HttpCode(200)
  @ChannelOperation('square', 'BatchRetrieveInventoryCounts')
  retrieveCounts(@Body() body: unknown) {
    const b = isRecord(body) ? body : {};
    const ids = Array.isArray(b.catalog_object_ids) ? b.catalog_object_ids.map(String) : [];
    const locations = Array.isArray(b.location_ids) ? b.location_ids.map(String) : [];
    const set = this.calls.availability('square');
    return {
      counts: ids.flatMap((id) => {
        const sku = this.catalog.skuOf('square-variation', id);
        return set
          .filter(
            (e) =>
              e.sku === sku &&
              sku !== null &&
              (locations.length === 0 || locations.includes(e.location)),
          )
          .map((e) => ({
            catalog_object_id: id,
            catalog_object_type: 'ITEM_VARIATION',
            state: 'IN_STOCK',
            location_id: e.location,
            quantity: String(e.quantity),
            calculated_at: e.at,
          }));
      }),
    };
  }

  private find(orderId: string, request: FastifyRequest): Stored {
    const order = this.store.get<SquareOrder>('square', orderId);
    if (!order)
      throw vendorError('square', 'not_found', `Order not found: ${orderId}`, request.url);
    return order;
  }
}
