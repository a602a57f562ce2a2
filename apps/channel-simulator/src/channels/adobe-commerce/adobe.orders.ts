import { magentoTime } from '../../common/dates';
import { OrderModel } from '../order-model';
import { OrderSeed, amount, lineTax, totals } from '../order-seed';

export type AdobeItem = Record<string, unknown> & {
  item_id: number;
  sku: string;
  qty_ordered: number;
  qty_shipped: number;
};
export type AdobeOrder = Record<string, unknown> & {
  entity_id: number;
  increment_id: string;
  state: string;
  status: string;
  updated_at: string;
  items: AdobeItem[];
};

/** Magento 2 sales order (GET /V1/orders/{id}), shaped like Adobe's published example. */
export const adobeOrders: OrderModel<AdobeOrder> = {
  channel: 'adobe-commerce',
  build(seed) {
    const id = seed.n;
    const time = magentoTime(seed.now);
    const t = totals(seed);
    const items: AdobeItem[] = seed.lines.map((line, i) => {
      const tax = lineTax(line, seed.taxRate);
      const row = line.unitPrice * line.quantity;
      return {
        amount_refunded: 0,
        base_amount_refunded: 0,
        base_discount_amount: 0,
        base_original_price: amount(line.unitPrice),
        base_price: amount(line.unitPrice),
        base_price_incl_tax: amount(line.unitPrice + Math.round(tax / line.quantity)),
        base_row_total: amount(row),
        base_row_total_incl_tax: amount(row + tax),
        base_tax_amount: amount(tax),
        created_at: time,
        discount_amount: 0,
        discount_percent: 0,
        free_shipping: 0,
        is_qty_decimal: 0,
        is_virtual: 0,
        item_id: id * 100 + i + 1,
        name: line.title,
        no_discount: 0,
        order_id: id,
        original_price: amount(line.unitPrice),
        price: amount(line.unitPrice),
        price_incl_tax: amount(line.unitPrice + Math.round(tax / line.quantity)),
        product_id: 1000 + i,
        product_type: 'simple',
        qty_canceled: 0,
        qty_invoiced: 0,
        qty_ordered: line.quantity,
        qty_refunded: 0,
        qty_shipped: 0,
        quote_item_id: id * 100 + i + 1,
        row_total: amount(row),
        row_total_incl_tax: amount(row + tax),
        row_weight: line.quantity,
        sku: line.sku,
        store_id: 1,
        tax_amount: amount(tax),
        tax_invoiced: 0,
        tax_percent: seed.taxRate * 100,
        updated_at: time,
        weight: 1,
      };
    });
    const native: AdobeOrder = {
      base_currency_code: seed.currency,
      base_discount_amount: 0,
      base_grand_total: amount(t.total),
      base_shipping_amount: amount(t.shipping),
      base_subtotal: amount(t.subtotal),
      base_tax_amount: amount(t.tax),
      base_total_due: amount(t.total),
      billing_address_id: id * 10 + 1,
      created_at: time,
      customer_email: seed.customer.email,
      customer_firstname: seed.customer.firstName,
      customer_lastname: seed.customer.lastName,
      customer_group_id: 0,
      customer_is_guest: 1,
      customer_note_notify: 1,
      discount_amount: 0,
      entity_id: id,
      global_currency_code: seed.currency,
      grand_total: amount(t.total),
      increment_id: String(id).padStart(9, '0'),
      is_virtual: 0,
      order_currency_code: seed.currency,
      protect_code: `sim${id}`,
      quote_id: id,
      shipping_amount: amount(t.shipping),
      shipping_description: 'Flat Rate - Fixed',
      shipping_incl_tax: amount(t.shipping),
      state: 'new',
      status: 'pending',
      store_currency_code: seed.currency,
      store_id: 1,
      store_name: 'Main Website\nMain Website Store\nDefault Store View',
      subtotal: amount(t.subtotal),
      subtotal_incl_tax: amount(t.subtotal + t.tax),
      tax_amount: amount(t.tax),
      total_due: amount(t.total),
      total_item_count: items.length,
      total_qty_ordered: t.quantity,
      updated_at: time,
      weight: t.quantity,
      items,
      billing_address: address(seed, 'billing', id * 10 + 1, id),
      payment: {
        account_status: null,
        additional_information: ['Check / Money order'],
        amount_ordered: amount(t.total),
        base_amount_ordered: amount(t.total),
        base_shipping_amount: amount(t.shipping),
        cc_last4: null,
        entity_id: id,
        method: 'checkmo',
        parent_id: id,
        shipping_amount: amount(t.shipping),
      },
      status_histories: [],
      extension_attributes: {
        shipping_assignments: [
          {
            shipping: {
              address: address(seed, 'shipping', id * 10 + 2, id),
              method: 'flatrate_flatrate',
              total: {
                base_shipping_amount: amount(t.shipping),
                shipping_amount: amount(t.shipping),
                shipping_incl_tax: amount(t.shipping),
              },
            },
            items,
          },
        ],
        payment_additional_info: [{ key: 'method_title', value: 'Check / Money order' }],
        applied_taxes: [],
        item_applied_taxes: [],
      },
    };
    return { id: String(id), native };
  },
  idOf: (native) => (typeof native.entity_id === 'number' ? String(native.entity_id) : undefined),
  touch(native, now) {
    native.updated_at = magentoTime(now);
  },
  cancel(native) {
    native.state = 'canceled';
    native.status = 'canceled';
    for (const item of native.items) item.qty_canceled = item.qty_ordered - item.qty_shipped;
  },
};

function address(seed: OrderSeed, type: string, entityId: number, parentId: number) {
  return {
    address_type: type,
    city: seed.address.city,
    country_id: seed.address.country,
    email: seed.customer.email,
    entity_id: entityId,
    firstname: seed.customer.firstName,
    lastname: seed.customer.lastName,
    parent_id: parentId,
    postcode: seed.address.postalCode,
    region: seed.address.region,
    region_code: seed.address.regionCode,
    region_id: 23,
    street: [seed.address.street],
    telephone: seed.customer.phone,
  };
}
