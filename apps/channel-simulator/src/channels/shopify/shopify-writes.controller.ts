import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { shopifyTime } from '../../common/dates';
import { isRecord, queryText } from '../../common/request';
import { Clock, CLOCK } from '../../config/tokens';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { CallsStore } from '../../store/calls.store';
import { Catalog } from '../../store/catalog';
import { OrderStore } from '../../store/order.store';
import { ChannelOrdersService } from '../channel-orders.service';
import { Inject } from '@nestjs/common';
import { LOCATION_ID, SHOPIFY_API_VERSION, ShopifyOrder } from './shopify.orders';
import {
  MAX_INPUT_ARRAY,
  parseSetQuantities,
  SetQuantity,
  shopifyQueryCost,
  UserError,
} from './shopify-graphql';

const INVENTORY_ITEM = 'shopify-inventory-item';

/** REST Admin API 2024-04: inventory levels, fulfillments (via fulfillment orders), lookups. */
@ApiTags('shopify')
@Controller(`/admin/api/${SHOPIFY_API_VERSION}`)
export class ShopifyWritesController {
  private fulfillmentSeq = 0;

  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly calls: CallsStore,
    private readonly catalog: Catalog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('inventory_levels/set.json')
  @HttpCode(200)
  @ChannelOperation('shopify', 'inventory_levels.set')
  setLevel(@Body() body: unknown, @Req() request: FastifyRequest) {
    const b = isRecord(body) ? body : {};
    const missing = ['location_id', 'inventory_item_id', 'available'].filter(
      (k) => !Number.isInteger(Number(b[k])) || b[k] === null || b[k] === '',
    );
    if (missing.length > 0) {
      throw new ChannelHttpError(400, {
        errors: Object.fromEntries(
          missing.map((k) => [k, 'Required parameter missing or invalid']),
        ),
      });
    }
    const [locationId, itemId, available] = [
      Number(b.location_id),
      Number(b.inventory_item_id),
      Number(b.available),
    ];
    this.calls.record({
      channel: 'shopify',
      kind: 'inventory',
      operation: 'inventory_levels.set',
      method: 'POST',
      path: request.url,
      body,
      inventory: [
        {
          sku: this.catalog.skuOf(INVENTORY_ITEM, itemId),
          location: String(locationId),
          quantity: available,
        },
      ],
    });
    return {
      inventory_level: {
        inventory_item_id: itemId,
        location_id: locationId,
        available,
        updated_at: shopifyTime(new Date(this.clock())),
        admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${itemId}`,
      },
    };
  }

  @Post('fulfillments.json')
  @HttpCode(201)
  @ChannelOperation('shopify', 'fulfillments.create')
  fulfill(@Body() body: unknown, @Req() request: FastifyRequest) {
    const f = isRecord(body) && isRecord(body.fulfillment) ? body.fulfillment : undefined;
    const groups = Array.isArray(f?.line_items_by_fulfillment_order)
      ? (f.line_items_by_fulfillment_order as unknown[])
      : [];
    if (!f || groups.length !== 1 || !isRecord(groups[0])) {
      // The simulator keeps one fulfillment order per order, so one group per request.
      throw new ChannelHttpError(422, {
        errors: ['line_items_by_fulfillment_order must name one fulfillment order'],
      });
    }
    const group = groups[0];
    const order = this.store.get<ShopifyOrder>(
      'shopify',
      String(Number(group.fulfillment_order_id) - 3_000_000_000),
    );
    if (!order) throw new ChannelHttpError(404, { errors: 'Not Found' });
    const requested = this.requestedLines(order.native, group.fulfillment_order_line_items);
    const tracking = isRecord(f.tracking_info) ? f.tracking_info : {};
    for (const { line, quantity } of requested) line.fulfillable_quantity -= quantity;
    const n = order.native.fulfillments.length + 1;
    const fulfillment = {
      id: 4_100_000_000 + ++this.fulfillmentSeq,
      order_id: order.native.id,
      status: 'success',
      created_at: shopifyTime(new Date(this.clock())),
      updated_at: shopifyTime(new Date(this.clock())),
      location_id: LOCATION_ID,
      name: `${String(order.native.name)}.${n}`,
      service: 'manual',
      shipment_status: null,
      tracking_company: tracking.company ?? null,
      tracking_number: tracking.number ?? null,
      tracking_numbers: tracking.number ? [tracking.number] : [],
      tracking_url: tracking.url ?? null,
      tracking_urls: tracking.url ? [tracking.url] : [],
      line_items: requested.map(({ line, quantity }) => ({ ...line, quantity })),
      admin_graphql_api_id: `gid://shopify/Fulfillment/${4_100_000_000 + this.fulfillmentSeq}`,
    };
    order.native.fulfillments.push(fulfillment);
    const open = order.native.line_items.some((l) => l.fulfillable_quantity > 0);
    order.native.fulfillment_status = open ? 'partial' : 'fulfilled';
    this.orders.changed('shopify', order);
    this.calls.record({
      channel: 'shopify',
      kind: 'shipment',
      operation: 'fulfillments.create',
      method: 'POST',
      path: request.url,
      body,
      orderId: order.id,
    });
    return { fulfillment };
  }

  /**
   * The GraphQL Admin API, only as far as channel-sync uses it, under its cost limit (the gate
   * takes each query's calculated cost from the `graphql-admin` limiter and adds
   * `extensions.cost`):
   * - `productVariants(first:, query:)` with a search query of `sku:<value>` terms joined by OR
   *   (values quoted or bare), answering `{ data: { productVariants: { nodes: [{ sku,
   *   inventoryItem: { id } }] } } }` with the ids the simulator derives from the SKU;
   * - `inventorySetQuantities(input: $input)` (variables.input), absolute quantities of up to
   *   250 items and locations in one call.
   * Any other query: a GraphQL error, as Shopify answers 200.
   */
  @Post('graphql.json')
  @HttpCode(200)
  @ChannelOperation('shopify', 'graphql', { cost: shopifyQueryCost })
  graphql(@Body() body: unknown, @Req() request: FastifyRequest) {
    const b = isRecord(body) ? body : {};
    const query = typeof b.query === 'string' ? b.query : '';
    const variables = isRecord(b.variables) ? b.variables : {};
    if (/\binventorySetQuantities\s*\(/.test(query))
      return this.setQuantities(isRecord(variables.input) ? variables.input : {}, request.url);
    if (!/productVariants\s*\(/.test(query))
      return {
        errors: [
          { message: 'The simulator answers productVariants and inventorySetQuantities only' },
        ],
      };
    const search = String(variables.q ?? /query:\s*"((?:[^"\\]|\\.)*)"/.exec(query)?.[1] ?? '');
    const skus = [...search.matchAll(/sku:(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))/g)].map((m) =>
      m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : (m[2] ?? m[3]),
    );
    return {
      data: {
        productVariants: {
          nodes: skus.map((sku) => ({
            sku,
            inventoryItem: {
              id: `gid://shopify/InventoryItem/${this.catalog.numericId(INVENTORY_ITEM, sku, 42_000_000_000)}`,
            },
          })),
        },
      },
    };
  }

  /**
   * `inventorySetQuantities`: all or nothing, as Shopify does; user errors for a bad name,
   * reason, item (unknown to the catalogue), location, negative quantity, a missing or stale
   * compareQuantity (unless ignoreCompareQuantity); more than 250 quantities is a query error.
   */
  private setQuantities(input: Record<string, unknown>, path: string) {
    const size = Array.isArray(input.quantities) ? input.quantities.length : 0;
    if (size > MAX_INPUT_ARRAY)
      return {
        errors: [
          {
            message: `The input array size of ${size} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`,
            extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
          },
        ],
      };
    const parsed = parseSetQuantities(input);
    const userErrors =
      'userErrors' in parsed ? parsed.userErrors : this.stale(input, parsed.quantities);
    if (userErrors.length > 0 || 'userErrors' in parsed)
      return { data: { inventorySetQuantities: { inventoryAdjustmentGroup: null, userErrors } } };
    const effects = parsed.quantities.map((q) => ({
      sku: this.catalog.skuOf(INVENTORY_ITEM, q.inventoryItemId),
      location: String(q.locationId),
      quantity: q.quantity,
    }));
    this.calls.record({
      channel: 'shopify',
      kind: 'inventory',
      operation: 'inventorySetQuantities',
      method: 'POST',
      path,
      body: { input },
      inventory: effects,
    });
    return {
      data: {
        inventorySetQuantities: {
          inventoryAdjustmentGroup: {
            createdAt: new Date(this.clock()).toISOString(),
            reason: input.reason,
            referenceDocumentUri: input.referenceDocumentUri ?? null,
            changes: effects.map((e) => ({ name: input.name, quantityAfterChange: e.quantity })),
          },
          userErrors: [],
        },
      },
    };
  }

  /** Unknown items, and compareQuantity values that differ from what the channel holds. */
  private stale(input: Record<string, unknown>, quantities: SetQuantity[]): UserError[] {
    const held = new Map(
      this.calls.availability('shopify').map((e) => [`${e.sku}|${e.location}`, e.quantity]),
    );
    const raw = input.quantities as Array<Record<string, unknown>>;
    return quantities.flatMap((q): UserError[] => {
      const sku = this.catalog.skuOf(INVENTORY_ITEM, q.inventoryItemId);
      const field = (f: string) => ['input', 'quantities', String(q.index), f];
      if (sku === null)
        return [
          {
            code: 'INVALID_INVENTORY_ITEM',
            field: field('inventoryItemId'),
            message: 'The specified inventory item could not be found.',
          },
        ];
      if (input.ignoreCompareQuantity === true) return [];
      const current = held.get(`${sku}|${q.locationId}`) ?? 0;
      return raw[q.index].compareQuantity === current
        ? []
        : [
            {
              code: 'COMPARE_QUANTITY_STALE',
              field: field('compareQuantity'),
              message: 'The compareQuantity value does not match persisted value.',
            },
          ];
    });
  }

  /** Cancels an open order (whole order, as REST does); 422 when already cancelled. */
  @Post('orders/:id/cancel.json')
  @HttpCode(200)
  @ChannelOperation('shopify', 'orders.cancel')
  cancel(@Param('id') id: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const order = this.store.get<ShopifyOrder>('shopify', id);
    if (!order) throw new ChannelHttpError(404, { errors: 'Not Found' });
    if (order.native.cancelled_at)
      throw new ChannelHttpError(422, { error: 'Order has already been cancelled' });
    this.orders.cancel('shopify', order);
    this.calls.record({
      channel: 'shopify',
      kind: 'status',
      operation: 'orders.cancel',
      method: 'POST',
      path: request.url,
      body,
      orderId: order.id,
    });
    return { order: order.native };
  }

  @Get('inventory_items.json')
  @ChannelOperation('shopify', 'inventory_items.list')
  inventoryItems(@Query() query: unknown) {
    const ids = (queryText(query, 'ids') ?? '').split(',').filter(Boolean);
    return {
      inventory_items: ids
        .map((id) => ({ id: Number(id), sku: this.catalog.skuOf(INVENTORY_ITEM, id) }))
        .filter((item) => item.sku !== null)
        .map((item) => ({
          ...item,
          tracked: true,
          requires_shipping: true,
          admin_graphql_api_id: `gid://shopify/InventoryItem/${item.id}`,
        })),
    };
  }

  @Get('locations.json')
  @ChannelOperation('shopify', 'locations.list')
  locations() {
    return {
      locations: [
        {
          id: LOCATION_ID,
          name: 'Simulated warehouse',
          active: true,
          country_code: 'US',
          admin_graphql_api_id: `gid://shopify/Location/${LOCATION_ID}`,
        },
      ],
    };
  }

  private requestedLines(order: ShopifyOrder, lines: unknown) {
    const all = order.line_items
      .filter((l) => l.fulfillable_quantity > 0)
      .map((line) => ({ line, quantity: line.fulfillable_quantity }));
    if (!Array.isArray(lines)) return all;
    return lines.map((entry) => {
      const e = isRecord(entry) ? entry : {};
      const line = order.line_items.find((l) => l.id + 3_000_000_000 === Number(e.id));
      const quantity = Number(e.quantity);
      if (
        !line ||
        !Number.isInteger(quantity) ||
        quantity < 1 ||
        quantity > line.fulfillable_quantity
      ) {
        throw new ChannelHttpError(422, {
          errors: ['Invalid fulfillment order line item quantity requested.'],
        });
      }
      return { line, quantity };
    });
  }
}
