import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../common/channel-http.error';
import { queryText } from '../common/request';
import { vendorError } from '../common/vendor-errors';
import { SimulatorConfig } from '../config/env';
import { SIMULATOR_CONFIG } from '../config/tokens';
import { ChannelOperation } from '../gate/channel-operation.decorator';
import { CallsStore } from '../store/calls.store';
import { Catalog } from '../store/catalog';
import { parseSearchCriteria, passes, type SearchCriteria } from './adobe-commerce/search-criteria';
import { SHOPIFY_API_VERSION } from './shopify/shopify.orders';

const INVENTORY_ITEM = 'shopify-inventory-item';
const SFCC_VERSION = 'v23_2';

/**
 * The availability reads channel-sync's reconciliation uses (Shopify, Amazon, Adobe Commerce,
 * Salesforce B2C; BigCommerce and Square answer theirs in their own controllers). Each answers
 * what the channel shows now: the last figure the middleware set, or a merchant's own edit
 * (`POST /admin/inventory`), whichever came last. Same gate as every vendor route: credentials,
 * faults and the vendor's limit (Amazon's getListingsItem has its own usage plan).
 */
@ApiTags('availability reads')
@Controller()
export class AvailabilityReadsController {
  constructor(
    private readonly calls: CallsStore,
    private readonly catalog: Catalog,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  /** Shopify REST `inventory_levels.json`: by `inventory_item_ids` and/or `location_ids`. */
  @Get(`admin/api/${SHOPIFY_API_VERSION}/inventory_levels.json`)
  @ChannelOperation('shopify', 'inventory_levels.list')
  shopifyLevels(@Query() query: unknown) {
    const list = (name: string) => (queryText(query, name) ?? '').split(',').filter(Boolean);
    const items = list('inventory_item_ids');
    const locations = list('location_ids');
    if (items.length === 0 && locations.length === 0)
      throw new ChannelHttpError(422, {
        errors: 'inventory_item_ids or location_ids must be present',
      });
    if (items.length > 50 || locations.length > 50)
      throw new ChannelHttpError(422, { errors: 'at most 50 ids per parameter' });
    const skus = items.map((id) => this.catalog.skuOf(INVENTORY_ITEM, id));
    const levels = this.calls
      .availability('shopify')
      .filter(
        (e) =>
          (items.length === 0 || skus.includes(e.sku)) &&
          (locations.length === 0 || locations.includes(e.location)),
      )
      .map((e) => {
        const itemId = this.catalog.numericId(INVENTORY_ITEM, e.sku ?? '', 42_000_000_000);
        return {
          inventory_item_id: itemId,
          location_id: Number(e.location),
          available: e.quantity,
          updated_at: e.at,
          admin_graphql_api_id: `gid://shopify/InventoryLevel/${e.location}?inventory_item_id=${itemId}`,
        };
      });
    return { inventory_levels: levels.slice(0, Number(queryText(query, 'limit') ?? 50)) };
  }

  /** Amazon Listings Items 2021-08-01 getListingsItem; `fulfillmentAvailability` when included. */
  @Get('listings/2021-08-01/items/:sellerId/:sku')
  @ChannelOperation('amazon', 'getListingsItem')
  amazonListing(
    @Param('sellerId') sellerId: string,
    @Param('sku') rawSku: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
  ) {
    if (sellerId !== this.config.credentials.amazon.sellerId)
      throw vendorError(
        'amazon',
        'unauthorized',
        'Access to requested resource is denied.',
        request.url,
      );
    if (!queryText(query, 'marketplaceIds'))
      throw vendorError('amazon', 'bad_request', 'marketplaceIds is required', request.url);
    const sku = decodeURIComponent(rawSku);
    const shown = this.calls.availability('amazon').filter((e) => e.sku === sku);
    if (shown.length === 0)
      throw vendorError('amazon', 'not_found', `SKU '${sku}' not found`, request.url);
    const included = (queryText(query, 'includedData') ?? 'summaries').split(',');
    return {
      sku,
      ...(included.includes('summaries')
        ? {
            summaries: [{ marketplaceId: queryText(query, 'marketplaceIds'), status: ['BUYABLE'] }],
          }
        : {}),
      ...(included.includes('fulfillmentAvailability')
        ? {
            fulfillmentAvailability: shown.map((e) => ({
              fulfillmentChannelCode: e.location,
              quantity: e.quantity,
            })),
          }
        : {}),
    };
  }

  /** Adobe Commerce inventoryApiSourceItemRepositoryV1GetListGet, with searchCriteria. */
  @Get('rest/V1/inventory/source-items')
  @ChannelOperation('adobe-commerce', 'inventoryApiSourceItemRepositoryV1GetListGet')
  adobeSourceItems(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest) {
    let criteria: SearchCriteria;
    try {
      criteria = parseSearchCriteria(query);
    } catch (error) {
      throw vendorError('adobe-commerce', 'bad_request', (error as Error).message, request.url);
    }
    const all = this.calls
      .availability('adobe-commerce')
      .map((e) => ({
        sku: e.sku ?? '',
        source_code: e.location,
        quantity: e.quantity,
        status: e.quantity > 0 ? 1 : 0,
      }))
      .filter((item) =>
        criteria.filter_groups.every((g) =>
          g.filters.some((f) => passes(item[f.field as keyof typeof item], f)),
        ),
      );
    const size = criteria.page_size && criteria.page_size > 0 ? criteria.page_size : all.length;
    // Like Magento's collections, a page past the last answers the last page again.
    const last = Math.max(1, Math.ceil(all.length / Math.max(1, size)));
    const page = Math.min(Math.max(1, criteria.current_page ?? 1), last);
    return {
      items: all.slice((page - 1) * size, page * size),
      search_criteria: criteria,
      total_count: all.length,
    };
  }

  /** Salesforce B2C OCAPI Data API: one product's record in an inventory list. */
  @Get(`s/-/dw/data/${SFCC_VERSION}/inventory_lists/:listId/product_inventory_records/:productId`)
  @ChannelOperation('salesforce-commerce', 'data.product_inventory_records.get')
  sfccRecord(
    @Param('listId') listId: string,
    @Param('productId') productId: string,
    @Req() request: FastifyRequest,
  ) {
    const notFound = (message: string) =>
      vendorError('salesforce-commerce', 'not_found', message, request.url);
    if (listId !== this.config.credentials['salesforce-commerce'].inventoryListId)
      throw notFound(`No inventory list with ID '${listId}' was found.`);
    const shown = this.calls
      .availability('salesforce-commerce')
      .find((e) => e.sku === productId && e.location === listId);
    if (!shown) throw notFound(`No product inventory record for product '${productId}' was found.`);
    return {
      _v: '23.2',
      _type: 'product_inventory_record',
      product_id: productId,
      allocation: { _type: 'product_inventory_record_allocation', amount: shown.quantity },
      ats: shown.quantity,
      stock_level: shown.quantity,
      last_modified: shown.at,
    };
  }
}
