import { createHash, randomUUID } from 'node:crypto';
import { rfc2822 } from '../../common/dates';
import { OrderModel } from '../order-model';
import { decimal, lineTax, totals } from '../order-seed';

export interface BigCommerceOrder {
  order: Record<string, unknown> & {
    id: number;
    status_id: number;
    status: string;
    date_modified: string;
  };
  products: (Record<string, unknown> & {
    id: number;
    order_address_id: number;
    quantity: number;
    quantity_shipped: number;
    sku: string;
  })[];
  shipping_addresses: (Record<string, unknown> & { id: number })[];
  shipments: Record<string, unknown>[];
}

/** V2 order statuses used here (id -> name), from BigCommerce's order status list. */
export const BC_STATUS: Record<number, string> = {
  2: 'Shipped',
  3: 'Partially Shipped',
  5: 'Cancelled',
  11: 'Awaiting Fulfillment',
};

const ORDER_ID_BASE = 100;
const d4 = (minor: number) => decimal(minor, 4);

/** V2 order, products and shipping address, shaped like BigCommerce's published examples. */
export const bigcommerceOrders: OrderModel<BigCommerceOrder> = {
  channel: 'bigcommerce',
  build(seed, ctx) {
    const id = ORDER_ID_BASE + seed.n;
    const t = totals(seed);
    const time = rfc2822(seed.now);
    const base = `https://api.bigcommerce.com/stores/${ctx.credentials.bigcommerce.storeHash}/v2/orders/${id}`;
    const addressId = id * 10;
    const person = {
      first_name: seed.customer.firstName,
      last_name: seed.customer.lastName,
      company: '',
      street_1: seed.address.street,
      street_2: '',
      city: seed.address.city,
      state: seed.address.region,
      zip: seed.address.postalCode,
      country: 'United States',
      country_iso2: seed.address.country,
      phone: seed.customer.phone,
      email: seed.customer.email,
    };
    const order = {
      id,
      customer_id: 0,
      date_created: time,
      date_modified: time,
      date_shipped: '',
      status_id: 11,
      status: BC_STATUS[11],
      custom_status: BC_STATUS[11],
      subtotal_ex_tax: d4(t.subtotal),
      subtotal_inc_tax: d4(t.subtotal + t.tax),
      subtotal_tax: d4(t.tax),
      base_shipping_cost: d4(t.shipping),
      shipping_cost_ex_tax: d4(t.shipping),
      shipping_cost_inc_tax: d4(t.shipping),
      shipping_cost_tax: d4(0),
      shipping_cost_tax_class_id: 2,
      base_handling_cost: d4(0),
      handling_cost_ex_tax: d4(0),
      handling_cost_inc_tax: d4(0),
      handling_cost_tax: d4(0),
      handling_cost_tax_class_id: 2,
      base_wrapping_cost: d4(0),
      wrapping_cost_ex_tax: d4(0),
      wrapping_cost_inc_tax: d4(0),
      wrapping_cost_tax: d4(0),
      wrapping_cost_tax_class_id: 3,
      total_ex_tax: d4(t.subtotal + t.shipping),
      total_inc_tax: d4(t.total),
      total_tax: d4(t.tax),
      items_total: t.quantity,
      items_shipped: 0,
      payment_method: 'Credit Card',
      payment_provider_id: null,
      payment_status: 'captured',
      refunded_amount: d4(0),
      order_is_digital: false,
      store_credit_amount: d4(0),
      gift_certificate_amount: d4(0),
      ip_address: '192.0.2.10',
      ip_address_v6: '',
      geoip_country: 'United States',
      geoip_country_iso2: 'US',
      currency_id: 1,
      currency_code: seed.currency,
      currency_exchange_rate: '1.0000000000',
      default_currency_id: 1,
      default_currency_code: seed.currency,
      staff_notes: '',
      customer_message: '',
      discount_amount: d4(0),
      coupon_discount: d4(0),
      shipping_address_count: 1,
      is_deleted: false,
      ebay_order_id: '0',
      cart_id: randomUUID(),
      billing_address: { ...person, form_fields: [] },
      is_email_opt_in: false,
      credit_card_type: null,
      order_source: 'www',
      channel_id: 1,
      external_source: null,
      products: { url: `${base}/products`, resource: `/orders/${id}/products` },
      shipping_addresses: {
        url: `${base}/shipping_addresses`,
        resource: `/orders/${id}/shipping_addresses`,
      },
      coupons: { url: `${base}/coupons`, resource: `/orders/${id}/coupons` },
      external_id: null,
      external_merchant_id: null,
      tax_provider_id: 'BasicTaxProvider',
      customer_locale: 'en',
      store_default_currency_code: seed.currency,
      store_default_to_transactional_exchange_rate: '1.0000000000',
    };
    const products = seed.lines.map((line, i) => {
      const tax = lineTax(line, seed.taxRate);
      const ex = line.unitPrice * line.quantity;
      return {
        id: id * 100 + i + 1,
        order_id: id,
        product_id: ctx.catalog.numericId('bigcommerce-product', line.sku, 100),
        variant_id: ctx.catalog.numericId('bigcommerce-variant', line.sku, 1000),
        order_address_id: addressId,
        name: line.title,
        name_customer: line.title,
        name_merchant: line.title,
        sku: line.sku,
        upc: '',
        type: 'physical',
        base_price: d4(line.unitPrice),
        price_ex_tax: d4(line.unitPrice),
        price_inc_tax: d4(line.unitPrice + Math.round(tax / line.quantity)),
        price_tax: d4(Math.round(tax / line.quantity)),
        base_total: d4(ex),
        total_ex_tax: d4(ex),
        total_inc_tax: d4(ex + tax),
        total_tax: d4(tax),
        weight: '1.0000',
        quantity: line.quantity,
        base_cost_price: d4(0),
        is_refunded: false,
        quantity_refunded: 0,
        refund_amount: d4(0),
        return_id: 0,
        fixed_shipping_cost: d4(0),
        quantity_shipped: 0,
        is_bundled_product: false,
        parent_order_product_id: null,
        applied_discounts: [],
        product_options: [],
        configurable_fields: [],
        gift_certificate_id: null,
      };
    });
    const shippingAddress = {
      id: addressId,
      order_id: id,
      ...person,
      items_total: t.quantity,
      items_shipped: 0,
      shipping_method: 'Flat Rate',
      base_cost: d4(t.shipping),
      cost_ex_tax: d4(t.shipping),
      cost_inc_tax: d4(t.shipping),
      cost_tax: d4(0),
      cost_tax_class_id: 2,
      shipping_zone_id: 1,
      shipping_zone_name: 'United States',
      form_fields: [],
    };
    return {
      id: String(id),
      native: { order, products, shipping_addresses: [shippingAddress], shipments: [] },
    };
  },
  idOf(native) {
    const order = native.order as Record<string, unknown> | undefined;
    return typeof order?.id === 'number' && Array.isArray(native.products)
      ? String(order.id)
      : undefined;
  },
  touch(native, now) {
    native.order.date_modified = rfc2822(now);
  },
  cancel(native) {
    native.order.status_id = 5;
    native.order.status = BC_STATUS[5];
    native.order.custom_status = BC_STATUS[5];
  },
  webhook(change, order, ctx) {
    const hash = ctx.credentials.bigcommerce.storeHash;
    const scope =
      change === 'created'
        ? 'store/order/created'
        : change === 'cancelled'
          ? 'store/order/statusUpdated'
          : 'store/order/updated';
    const data: Record<string, unknown> = { type: 'order', id: Number(order.id) };
    if (change === 'cancelled') data.status = { previous_status_id: 11, new_status_id: 5 };
    const body = {
      scope,
      store_id: storeIdOf(hash),
      data,
      hash: '',
      created_at: Math.floor(Date.now() / 1000),
      producer: `stores/${hash}`,
    };
    body.hash = createHash('sha1')
      .update(JSON.stringify({ ...body, hash: undefined }))
      .digest('hex');
    return { topic: scope, body };
  },
};

/** A numeric store id derived from the store hash (BigCommerce sends it as a string). */
function storeIdOf(hash: string): string {
  return String(1_000_000 + (createHash('sha1').update(hash).digest().readUInt32BE(0) % 9_000_000));
}
