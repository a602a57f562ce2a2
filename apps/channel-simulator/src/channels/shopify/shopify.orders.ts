import { randomUUID } from 'node:crypto';
import { shopifyTime } from '../../common/dates';
import { shopifySignature } from '../../webhooks/webhook-signing';
import { OrderModel } from '../order-model';
import { OrderSeed, decimal, lineTax, totals } from '../order-seed';

export type ShopifyOrder = Record<string, unknown> & {
  id: number;
  line_items: ShopifyLineItem[];
  fulfillments: Record<string, unknown>[];
  updated_at: string;
};
export type ShopifyLineItem = Record<string, unknown> & {
  id: number;
  sku: string | null;
  quantity: number;
  fulfillable_quantity: number;
  variant_id: number | null;
};

export const SHOPIFY_API_VERSION = '2024-04';
const ORDER_ID_BASE = 5_500_000_000;
export const LOCATION_ID = 65_000_000_001;

const money = (minor: number, currency: string) => {
  const value = decimal(minor);
  return {
    shop_money: { amount: value, currency_code: currency },
    presentment_money: { amount: value, currency_code: currency },
  };
};

/** REST Admin API 2024-04 Order, shaped like Shopify's published Order resource examples. */
export const shopifyOrders: OrderModel<ShopifyOrder> = {
  channel: 'shopify',
  build(seed, ctx) {
    const id = ORDER_ID_BASE + seed.n;
    const time = shopifyTime(seed.now);
    const t = totals(seed);
    const c = seed.currency;
    const address = addressOf(seed);
    const native: ShopifyOrder = {
      id,
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      app_id: 580111,
      browser_ip: '192.0.2.10',
      buyer_accepts_marketing: false,
      cancel_reason: null,
      cancelled_at: null,
      checkout_id: 900_000_000 + seed.n,
      closed_at: null,
      confirmation_number: `SIM${String(seed.n).padStart(6, '0')}`,
      confirmed: true,
      contact_email: seed.customer.email,
      created_at: time,
      currency: c,
      current_subtotal_price: decimal(t.subtotal),
      current_total_discounts: '0.00',
      current_total_price: decimal(t.total),
      current_total_tax: decimal(t.tax),
      customer: {
        id: 7_000_000_000 + seed.n,
        email: seed.customer.email,
        first_name: seed.customer.firstName,
        last_name: seed.customer.lastName,
        phone: null,
        currency: c,
        admin_graphql_api_id: `gid://shopify/Customer/${7_000_000_000 + seed.n}`,
      },
      discount_codes: [],
      email: seed.customer.email,
      estimated_taxes: false,
      financial_status: 'paid',
      fulfillment_status: null,
      fulfillments: [],
      line_items: seed.lines.map((line, i) => {
        const variantId = ctx.catalog.numericId('shopify-variant', line.sku, 40_000_000_000);
        ctx.catalog.numericId('shopify-inventory-item', line.sku, 42_000_000_000);
        const tax = lineTax(line, seed.taxRate);
        return {
          id: id * 10 + i + 1,
          admin_graphql_api_id: `gid://shopify/LineItem/${id * 10 + i + 1}`,
          fulfillable_quantity: line.quantity,
          fulfillment_service: 'manual',
          fulfillment_status: null,
          gift_card: false,
          grams: 200,
          name: line.title,
          price: decimal(line.unitPrice),
          price_set: money(line.unitPrice, c),
          product_exists: true,
          product_id: ctx.catalog.numericId('shopify-product', line.sku, 8_000_000_000),
          properties: [],
          quantity: line.quantity,
          requires_shipping: true,
          sku: line.sku,
          taxable: true,
          title: line.title,
          total_discount: '0.00',
          total_discount_set: money(0, c),
          variant_id: variantId,
          variant_inventory_management: 'shopify',
          variant_title: null,
          vendor: 'Simulated Vendor',
          tax_lines: [
            {
              price: decimal(tax),
              price_set: money(tax, c),
              rate: seed.taxRate,
              title: 'State Tax',
              channel_liable: false,
            },
          ],
          duties: [],
          discount_allocations: [],
        };
      }),
      location_id: null,
      name: `#${1000 + seed.n}`,
      note: null,
      note_attributes: [],
      number: seed.n,
      order_number: 1000 + seed.n,
      order_status_url: `https://${ctx.credentials.shopify.shop}/orders/${randomUUID().replace(/-/g, '')}/authenticate`,
      payment_gateway_names: ['bogus'],
      phone: null,
      presentment_currency: c,
      processed_at: time,
      source_name: 'web',
      subtotal_price: decimal(t.subtotal),
      subtotal_price_set: money(t.subtotal, c),
      tags: '',
      tax_lines: [
        {
          price: decimal(t.tax),
          rate: seed.taxRate,
          title: 'State Tax',
          price_set: money(t.tax, c),
          channel_liable: false,
        },
      ],
      taxes_included: false,
      test: false,
      token: randomUUID().replace(/-/g, ''),
      total_discounts: '0.00',
      total_discounts_set: money(0, c),
      total_line_items_price: decimal(t.subtotal),
      total_line_items_price_set: money(t.subtotal, c),
      total_outstanding: '0.00',
      total_price: decimal(t.total),
      total_price_set: money(t.total, c),
      total_shipping_price_set: money(t.shipping, c),
      total_tax: decimal(t.tax),
      total_tax_set: money(t.tax, c),
      total_tip_received: '0.00',
      total_weight: 200 * t.quantity,
      updated_at: time,
      user_id: null,
      billing_address: address,
      shipping_address: address,
      shipping_lines: [
        {
          id: id * 10,
          code: 'Standard',
          discounted_price: decimal(t.shipping),
          price: decimal(t.shipping),
          price_set: money(t.shipping, c),
          source: 'shopify',
          title: 'Standard Shipping',
          tax_lines: [],
          discount_allocations: [],
        },
      ],
      refunds: [],
    };
    return { id: String(id), native };
  },
  idOf: (native) =>
    typeof native.id === 'number' || typeof native.id === 'string' ? String(native.id) : undefined,
  touch(native, now) {
    native.updated_at = shopifyTime(now);
  },
  cancel(native, now) {
    native.cancelled_at = shopifyTime(now);
    native.cancel_reason = 'customer';
    native.closed_at = shopifyTime(now);
    native.financial_status = 'voided';
  },
  webhook(change, order, ctx) {
    const topic = {
      created: 'orders/create',
      updated: 'orders/updated',
      cancelled: 'orders/cancelled',
    }[change];
    const eventId = randomUUID();
    return {
      topic,
      body: order.native,
      headers: {
        'x-shopify-topic': topic,
        'x-shopify-shop-domain': ctx.credentials.shopify.shop,
        'x-shopify-api-version': SHOPIFY_API_VERSION,
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-event-id': eventId,
        'x-shopify-triggered-at': new Date().toISOString(),
      },
      sign: (target, raw) => ({
        'x-shopify-hmac-sha256': shopifySignature(
          target.secret ?? ctx.credentials.shopify.webhookSecret,
          raw,
        ),
      }),
    };
  },
};

function addressOf(seed: OrderSeed) {
  return {
    first_name: seed.customer.firstName,
    last_name: seed.customer.lastName,
    name: `${seed.customer.firstName} ${seed.customer.lastName}`,
    address1: seed.address.street,
    address2: null,
    city: seed.address.city,
    province: seed.address.region,
    province_code: seed.address.regionCode,
    zip: seed.address.postalCode,
    country: 'United States',
    country_code: seed.address.country,
    phone: seed.customer.phone,
    company: null,
    latitude: null,
    longitude: null,
  };
}

/** One fulfillment order per order, at the simulator's single location (2024-04 model). */
export function fulfillmentOrderOf(order: ShopifyOrder) {
  const id = order.id + 3_000_000_000;
  const anyOpen = order.line_items.some((l) => l.fulfillable_quantity > 0);
  return {
    id,
    order_id: order.id,
    assigned_location_id: LOCATION_ID,
    request_status: 'unsubmitted',
    status: order.cancelled_at ? 'cancelled' : anyOpen ? 'open' : 'closed',
    supported_actions: anyOpen ? ['create_fulfillment'] : [],
    destination: null,
    line_items: order.line_items.map((l) => ({
      id: l.id + 3_000_000_000,
      shop_id: 1,
      fulfillment_order_id: id,
      line_item_id: l.id,
      inventory_item_id: null as number | null,
      quantity: l.quantity,
      fulfillable_quantity: l.fulfillable_quantity,
      variant_id: l.variant_id,
    })),
    fulfillment_holds: [],
    created_at: order.created_at,
    updated_at: order.updated_at,
  };
}
