import { createHash, randomUUID } from 'node:crypto';
import { squareSignature } from '../../webhooks/webhook-signing';
import { OrderModel } from '../order-model';
import { lineTax, totals } from '../order-seed';

export type SquareFulfillment = Record<string, unknown> & {
  uid: string;
  state: string;
  type: string;
};
export type SquareOrder = Record<string, unknown> & {
  id: string;
  location_id: string;
  state: string;
  version: number;
  created_at: string;
  updated_at: string;
  fulfillments: SquareFulfillment[];
  line_items: (Record<string, unknown> & {
    uid: string;
    catalog_object_id: string;
    quantity: string;
  })[];
};

/** Square ids look like "CAISENgvlJ6jLWAzERDzjyHVybY": 27 letters and digits. */
export function squareId(seed: string): string {
  return createHash('sha256')
    .update(seed)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 27);
}

/** Orders API Order, shaped like the RetrieveOrder examples of Square's API specification. */
export const squareOrders: OrderModel<SquareOrder> = {
  channel: 'square',
  build(seed, ctx) {
    const id = squareId(`square-order-${seed.n}`);
    const time = seed.now.toISOString();
    const t = totals(seed);
    const money = (amount: number) => ({ amount, currency: seed.currency });
    const taxUid = `tax-${seed.n}`;
    const native: SquareOrder = {
      id,
      location_id: ctx.credentials.square.locationId,
      reference_id: `POS-${seed.n}`,
      source: { name: 'Point of Sale' },
      line_items: seed.lines.map((line, i) => {
        const tax = lineTax(line, seed.taxRate);
        const gross = line.unitPrice * line.quantity;
        return {
          uid: `li-${seed.n}-${i + 1}`,
          catalog_object_id: ctx.catalog.textId('square-variation', line.sku),
          catalog_version: 1,
          quantity: String(line.quantity),
          name: line.title,
          variation_name: 'Regular',
          base_price_money: money(line.unitPrice),
          gross_sales_money: money(gross),
          total_tax_money: money(tax),
          total_discount_money: money(0),
          total_money: money(gross + tax),
          variation_total_price_money: money(gross),
          item_type: 'ITEM',
          applied_taxes: [
            { uid: `at-${seed.n}-${i + 1}`, tax_uid: taxUid, applied_money: money(tax) },
          ],
        };
      }),
      taxes: [
        {
          uid: taxUid,
          name: 'Sales Tax',
          percentage: String(seed.taxRate * 100),
          type: 'ADDITIVE',
          applied_money: money(t.tax),
          scope: 'LINE_ITEM',
        },
      ],
      fulfillments: [
        {
          uid: `ful-${seed.n}`,
          type: 'PICKUP',
          state: 'PROPOSED',
          pickup_details: {
            recipient: {
              display_name: `${seed.customer.firstName} ${seed.customer.lastName}`,
              email_address: seed.customer.email,
            },
            schedule_type: 'ASAP',
            pickup_at: time,
            prep_time_duration: 'PT20M',
          },
        },
      ],
      net_amounts: {
        total_money: money(t.subtotal + t.tax),
        tax_money: money(t.tax),
        discount_money: money(0),
        tip_money: money(0),
        service_charge_money: money(0),
      },
      created_at: time,
      updated_at: time,
      state: 'OPEN',
      version: 1,
      total_money: money(t.subtotal + t.tax),
      total_tax_money: money(t.tax),
      total_discount_money: money(0),
      total_tip_money: money(0),
      total_service_charge_money: money(0),
      net_amount_due_money: money(t.subtotal + t.tax),
    };
    return { id, native };
  },
  idOf: (native) =>
    typeof native.id === 'string' && Array.isArray(native.line_items) ? native.id : undefined,
  touch(native, now) {
    native.updated_at = now.toISOString();
  },
  revise(native) {
    native.version += 1;
  },
  cancel(native) {
    native.state = 'CANCELED';
    for (const f of native.fulfillments) f.state = 'CANCELED';
  },
  webhook(change, order, ctx) {
    const o = order.native;
    const type = change === 'created' ? 'order.created' : 'order.updated';
    const key = change === 'created' ? 'order_created' : 'order_updated';
    const body = {
      merchant_id: ctx.credentials.square.merchantId,
      type,
      event_id: randomUUID(),
      created_at: new Date().toISOString(),
      data: {
        type: key,
        id: o.id,
        object: {
          [key]: {
            order_id: o.id,
            version: o.version,
            location_id: o.location_id,
            state: o.state,
            created_at: o.created_at,
            ...(change === 'created' ? {} : { updated_at: o.updated_at }),
          },
        },
      },
    };
    return {
      topic: type,
      body,
      sign: (target, raw) => ({
        'x-square-hmacsha256-signature': squareSignature(target.secret ?? '', target.url, raw),
      }),
    };
  },
};
