import { createHmac, randomUUID } from 'node:crypto';
import { SHOPIFY_SECRET, Stack } from './stack';

/** The one stock line of a test Shopify order (tax 1.00 on top of `price`). */
export interface ShopifyTestLine {
  sku: string;
  title: string;
  /** Unit price as Shopify writes it, e.g. '19.99'. */
  price: string;
  variantId: number;
}

/**
 * A paid one-line Shopify order in the shape of Shopify's `orders/create` webhook (EUR, 19 %
 * tax of 1.00, no discount), for e2e specs that need an order arriving the way a channel sends it.
 */
export function shopifyOrderPayload(id: number, line: ShopifyTestLine, customerId: number) {
  const money = (amount: string) => ({
    shop_money: { amount, currency_code: 'EUR' },
    presentment_money: { amount, currency_code: 'EUR' },
  });
  const address = {
    first_name: 'Ada',
    last_name: 'Lovelace',
    address1: 'Main St 1',
    city: 'Berlin',
    zip: '10115',
    country_code: 'DE',
  };
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    created_at: '2026-11-20T10:00:00+01:00',
    currency: 'EUR',
    email: 'ada@example.com',
    financial_status: 'paid',
    total_price: (Number(line.price) + 1).toFixed(2),
    total_tax: '1.00',
    total_discounts: '0.00',
    taxes_included: false,
    payment_gateway_names: ['shopify_payments'],
    customer: {
      id: customerId,
      email: 'ada@example.com',
      first_name: 'Ada',
      last_name: 'Lovelace',
    },
    billing_address: address,
    shipping_address: address,
    line_items: [
      {
        id: id * 10 + 1,
        admin_graphql_api_id: `gid://shopify/LineItem/${id * 10 + 1}`,
        name: line.title,
        price: line.price,
        price_set: money(line.price),
        quantity: 1,
        sku: line.sku,
        variant_id: line.variantId,
        requires_shipping: true,
        properties: [],
        total_discount: '0.00',
        tax_lines: [{ price: '1.00', rate: 0.19, title: 'MwSt', price_set: money('1.00') }],
        discount_allocations: [],
      },
    ],
    shipping_lines: [],
  };
}

/**
 * Delivers `payload` to order-ingestion as Shopify's signed `orders/create` webhook under
 * `correlationId` (plus `extraHeaders`, e.g. a `traceparent`); returns the order id, or throws
 * unless the answer is 202.
 */
export async function postShopifyOrder(
  stack: Stack,
  payload: unknown,
  correlationId: string,
  extraHeaders: Record<string, string> = {},
): Promise<string> {
  const raw = JSON.stringify(payload);
  const res = await fetch(`${stack.url('order-ingestion')}/v1/channels/shopify/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-hmac-sha256': createHmac('sha256', SHOPIFY_SECRET).update(raw).digest('base64'),
      'x-shopify-event-id': randomUUID(),
      'x-correlation-id': correlationId,
      ...extraHeaders,
    },
    body: raw,
  });
  if (res.status !== 202)
    throw new Error(`Shopify webhook answered ${res.status}, expected 202: ${await res.text()}`);
  return ((await res.json()) as { orderId: string }).orderId;
}
