import { randomUUID } from 'crypto';
import { eventually, Stack } from './stack';

/** A canonical shopify order of one line (2000 + 380 tax) shipped from `locationId`. */
export function canonicalOrder(sku: string, locationId: string, email?: string) {
  return {
    channel: 'shopify',
    channelOrderId: `E2E-${randomUUID()}`,
    orderedAt: new Date().toISOString(),
    currency: 'EUR',
    customer: {
      channelCustomerId: `cust-${randomUUID().slice(0, 8)}`,
      ...(email ? { email } : {}),
    },
    shippingAddress: {
      name: 'A',
      line1: 'Street 1',
      city: 'Köln',
      postalCode: '50667',
      countryCode: 'DE',
    },
    lines: [
      {
        lineId: 'L1',
        sku,
        quantity: 1,
        unitPrice: 2000,
        discount: 0,
        tax: 380,
        fulfillment: { type: 'ship', locationId },
      },
    ],
    payment: { status: 'captured', method: 'card', reference: `pay-${randomUUID()}`, amount: 2380 },
  };
}

/** Receives `quantity` units of `sku` at `locationId`, retrying until inventory knows the location. */
export async function seedStock(
  stack: Stack,
  sku: string,
  locationId: string,
  quantity: number,
  headers: Record<string, string> = {},
): Promise<void> {
  const receipt = {
    eventId: `seed-${sku}`,
    source: 'e2e-wms',
    sourceSequence: 1,
    occurredAt: new Date().toISOString(),
    type: 'receipt',
    sku,
    locationId,
    quantity,
  };
  await eventually(async () => {
    const res = await stack.call(
      'inventory',
      'POST',
      '/v1/inventory/movements',
      [receipt],
      headers,
    );
    return res.status === 200;
  });
}
