import type { CanonicalOrder } from '@retail/contracts';

let seq = 0;

/**
 * A valid canonical order; every call gets a new channelOrderId unless one is given. Unless a
 * payment is given, its amount is the total of the lines (the contract's money invariant).
 */
export function canonicalOrder(over: Partial<CanonicalOrder> = {}): CanonicalOrder {
  seq += 1;
  const order = base(over);
  if (over.payment) return order;
  const total = order.lines.reduce((t, l) => t + l.unitPrice * l.quantity - l.discount + l.tax, 0);
  return { ...order, payment: { ...order.payment, amount: total } };
}

function base(over: Partial<CanonicalOrder>): CanonicalOrder {
  return {
    channel: 'shopify',
    channelOrderId: `SO-${Date.now()}-${seq}`,
    orderedAt: '2026-11-20T10:00:00+01:00',
    currency: 'EUR',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    shippingAddress: { line1: 'Main St 1', city: 'Berlin', countryCode: 'DE' },
    lines: [
      {
        lineId: '1',
        sku: 'SKU-1',
        quantity: 2,
        unitPrice: 1999,
        discount: 200,
        tax: 300,
        fulfillment: { type: 'ship' },
      },
    ],
    payment: { status: 'captured', method: 'card', reference: 'psp-1', amount: 4098 },
    ...over,
  };
}
