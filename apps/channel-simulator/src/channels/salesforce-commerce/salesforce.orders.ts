import { randomBytes } from 'node:crypto';
import { OrderModel } from '../order-model';
import { OrderSeed, amount, lineTax, totals } from '../order-seed';

export type SalesforceOrder = Record<string, unknown> & {
  order_no: string;
  status: string;
  last_modified: string;
  shipping_status: string;
  product_items: (Record<string, unknown> & { product_id: string; quantity: number })[];
};

const hexId = () => randomBytes(13).toString('hex');

/** OCAPI Shop API `order` (snake_case), shaped like Salesforce's published order examples. */
export const salesforceOrders: OrderModel<SalesforceOrder> = {
  channel: 'salesforce-commerce',
  build(seed) {
    const orderNo = String(seed.n).padStart(8, '0');
    const time = seed.now.toISOString();
    const t = totals(seed);
    const productItems = seed.lines.map((line) => {
      const tax = lineTax(line, seed.taxRate);
      const price = line.unitPrice * line.quantity;
      return {
        _type: 'product_item',
        adjusted_tax: amount(tax),
        base_price: amount(line.unitPrice),
        bonus_product_line_item: false,
        gift: false,
        item_id: hexId(),
        item_text: line.title,
        price: amount(price),
        price_after_item_discount: amount(price),
        price_after_order_discount: amount(price),
        product_id: line.sku,
        product_name: line.title,
        quantity: line.quantity,
        shipment_id: 'me',
        tax: amount(tax),
        tax_basis: amount(price),
        tax_class_id: 'standard',
        tax_rate: seed.taxRate,
      };
    });
    const native: SalesforceOrder = {
      _type: 'order',
      adjusted_merchandize_total_tax: amount(t.tax),
      adjusted_shipping_total_tax: 0,
      billing_address: address(seed),
      channel_type: 'storefront',
      confirmation_status: 'confirmed',
      created_by: 'Customer',
      creation_date: time,
      currency: seed.currency,
      customer_info: {
        _type: 'customer_info',
        customer_name: `${seed.customer.firstName} ${seed.customer.lastName}`,
        email: seed.customer.email,
      },
      customer_name: `${seed.customer.firstName} ${seed.customer.lastName}`,
      export_status: 'ready',
      last_modified: time,
      merchandize_total_tax: amount(t.tax),
      order_no: orderNo,
      order_token: randomBytes(24).toString('base64url'),
      order_total: amount(t.total),
      payment_instruments: [
        {
          _type: 'order_payment_instrument',
          amount: amount(t.total),
          payment_instrument_id: hexId(),
          payment_method_id: 'CREDIT_CARD',
        },
      ],
      payment_status: 'paid',
      product_items: productItems,
      product_sub_total: amount(t.subtotal),
      product_total: amount(t.subtotal),
      shipments: [
        {
          _type: 'shipment',
          adjusted_merchandize_total_tax: amount(t.tax),
          adjusted_shipping_total_tax: 0,
          gift: false,
          merchandize_total_tax: amount(t.tax),
          product_sub_total: amount(t.subtotal),
          product_total: amount(t.subtotal),
          shipment_id: 'me',
          shipment_total: amount(t.total),
          shipping_address: address(seed),
          shipping_method: {
            _type: 'shipping_method',
            id: '001',
            name: 'Ground',
            price: amount(t.shipping),
          },
          shipping_status: 'not_shipped',
          shipping_total: amount(t.shipping),
          shipping_total_tax: 0,
          tax_total: amount(t.tax),
        },
      ],
      shipping_items: [
        {
          _type: 'shipping_item',
          adjusted_tax: 0,
          base_price: amount(t.shipping),
          item_id: hexId(),
          item_text: 'Shipping',
          price: amount(t.shipping),
          price_after_item_discount: amount(t.shipping),
          shipment_id: 'me',
          tax: 0,
          tax_basis: amount(t.shipping),
          tax_class_id: 'standard',
          tax_rate: 0,
        },
      ],
      shipping_status: 'not_shipped',
      shipping_total: amount(t.shipping),
      shipping_total_tax: 0,
      status: 'new',
      taxation: 'net',
      tax_total: amount(t.tax),
    };
    return { id: orderNo, native };
  },
  idOf: (native) => (typeof native.order_no === 'string' ? native.order_no : undefined),
  touch(native, now) {
    native.last_modified = now.toISOString();
  },
  cancel(native) {
    native.status = 'cancelled';
  },
};

function address(seed: OrderSeed) {
  return {
    _type: 'order_address',
    address1: seed.address.street,
    city: seed.address.city,
    country_code: seed.address.country,
    first_name: seed.customer.firstName,
    full_name: `${seed.customer.firstName} ${seed.customer.lastName}`,
    id: hexId(),
    last_name: seed.customer.lastName,
    phone: seed.customer.phone,
    postal_code: seed.address.postalCode,
    state_code: seed.address.regionCode,
  };
}
