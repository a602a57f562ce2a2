import { createHmac } from 'node:crypto';
import type { Rng } from './prng';

/** The fixtures every run creates in master-data and inventory before the load starts. */
export interface Catalog {
  tag: string;
  network: string;
  dc: string;
  store: string;
  /** SKUs orders draw from: plenty of stock, so orders flow to the ERP. */
  skus: string[];
  /** Scarce SKUs for the cross-channel reservation contention. */
  scarceSkus: string[];
}

export function catalogFor(tag: string, profile: { skus: number; scarce: number }): Catalog {
  const sku = (kind: string, i: number) => `${tag}-${kind}-${String(i).padStart(3, '0')}`;
  return {
    tag,
    network: `${tag.toLowerCase()}-net`,
    dc: `${tag.toLowerCase()}-dc`,
    store: `${tag.toLowerCase()}-store`,
    skus: Array.from({ length: profile.skus }, (_, i) => sku('SKU', i)),
    scarceSkus: Array.from({ length: profile.scarce }, (_, i) => sku('SCARCE', i)),
  };
}

export function productBody(sku: string, i: number) {
  return {
    name: `Fault suite product ${sku}`,
    erpItemId: `ITEM-${sku}`,
    status: 'active',
    serialTracked: false,
    lotTracked: false,
    returnable: true,
    returnWindowDays: 30,
    restockingFeePercent: i % 3 === 0 ? 10 : 0,
    version: 1,
  };
}

export function locationBody(name: string, type: 'network' | 'dc' | 'store', parentId?: string) {
  return {
    name,
    type,
    ...(parentId ? { parentId } : {}),
    capabilities: {
      ship: type !== 'network',
      pickup: type === 'store',
      shipFromStore: false,
      returns: true,
    },
    version: 1,
  };
}

const ADDRESS = {
  name: 'Erika Mustermann',
  line1: 'Heidestrasse 17',
  city: 'Koeln',
  postalCode: '51147',
  countryCode: 'DE',
};

export interface OrderLineDraft {
  lineId: string;
  sku: string;
  quantity: number;
  unitPrice: number;
}

export function drawLines(rng: Rng, skus: string[]): OrderLineDraft[] {
  const count = rng.int(1, 3);
  const chosen = rng.shuffle(skus).slice(0, count);
  return chosen.map((sku, i) => ({
    lineId: String(i + 1),
    sku,
    quantity: rng.int(1, 2),
    unitPrice: rng.int(500, 9999),
  }));
}

/** A canonical order (POST /v1/orders); amounts in minor units. */
export function canonicalOrder(channel: string, channelOrderId: string, lines: OrderLineDraft[]) {
  const total = lines.reduce((acc, l) => acc + l.unitPrice * l.quantity, 0);
  return {
    channel,
    channelOrderId,
    orderedAt: '2026-11-20T14:03:11+01:00',
    currency: 'EUR',
    customer: {
      channelCustomerId: `cust-${channelOrderId}`,
      email: 'buyer@example.com',
      name: 'Erika Mustermann',
    },
    shippingAddress: ADDRESS,
    lines: lines.map((l) => ({
      lineId: l.lineId,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: 0,
      tax: 0,
      fulfillment: { type: 'ship' },
    })),
    payment: {
      status: 'authorized',
      method: 'card',
      reference: `pay-${channelOrderId}`,
      amount: total,
    },
    fraud: { decision: 'accept', score: 3 },
  };
}

const money = (minor: number) => (minor / 100).toFixed(2);

/**
 * A Shopify `orders/create` webhook body (the fields the adapter maps, plus noise). It carries
 * `updated_at` as every Shopify order webhook does: a repeated delivery of a known order then
 * goes through order-ingestion's payment-status path, as it does in production.
 */
export function shopifyOrder(orderId: number, lines: OrderLineDraft[]) {
  const total = lines.reduce((acc, l) => acc + l.unitPrice * l.quantity, 0);
  return {
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    created_at: '2026-11-20T14:03:11+01:00',
    updated_at: '2026-11-20T14:03:12+01:00',
    currency: 'EUR',
    email: 'buyer@example.com',
    financial_status: 'paid',
    total_price: money(total),
    total_discounts: '0.00',
    payment_gateway_names: ['shopify_payments'],
    browser_ip: '203.0.113.24',
    customer: {
      id: orderId + 1,
      first_name: 'Erika',
      last_name: 'Mustermann',
      email: 'buyer@example.com',
    },
    shipping_address: {
      first_name: 'Erika',
      last_name: 'Mustermann',
      address1: 'Heidestrasse 17',
      city: 'Koeln',
      zip: '51147',
      country_code: 'DE',
    },
    line_items: lines.map((l, i) => ({
      id: orderId * 10 + i,
      sku: l.sku,
      quantity: l.quantity,
      price: money(l.unitPrice),
      discount_allocations: [],
      tax_lines: [],
      name: `Item ${l.sku}`,
    })),
  };
}

export function shopifyHmac(secret: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}
