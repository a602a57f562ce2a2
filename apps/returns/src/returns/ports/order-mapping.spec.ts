import { toOrderView as sut } from './order-mapping';

const base = {
  orderId: 'o-1',
  channel: 'shopify',
  channelOrderId: '1001',
  orderedAt: '2026-03-01T10:00:00Z',
  currency: 'EUR',
  customer: { customerId: 'c-1', email: 'x@example.com' },
  payment: { status: 'captured', method: 'card', reference: 'pay_1', amount: 5000 },
  shipping: { method: 'standard', amount: 500, discount: 100, tax: 76 },
  status: 'partially_fulfilled',
  erp: { state: 'confirmed', externalId: 'shopify_1001' },
};

describe('toOrderView', () => {
  it('reads shipped quantities and serials from lines and dates from the timeline', () => {
    const view = sut({
      ...base,
      lines: [
        {
          lineId: 'L1',
          sku: 'A',
          quantity: 2,
          unitPrice: 1000,
          discount: 100,
          tax: 190,
          shippedQuantity: 2,
          serialNumbers: ['S1', 'S2'],
        },
        {
          lineId: 'L2',
          sku: 'B',
          quantity: 1,
          unitPrice: 500,
          discount: 0,
          tax: 95,
          shippedQuantity: 0,
          serialNumbers: [],
        },
      ],
      timeline: [
        {
          at: '2026-03-02T10:00:00.000Z',
          step: 'fulfillment-shipped',
          transformations: [{ lineId: 'L1', shipped: 2 }],
        },
        {
          at: '2026-03-04T10:00:00.000Z',
          step: 'fulfillment-delivered',
          transformations: [{ lineId: 'L1', delivered: 2 }],
        },
        { at: '2026-03-05T10:00:00.000Z', step: 'erp', transformations: [] },
      ],
    });
    expect(view).toMatchObject({
      orderId: 'o-1',
      customerId: 'c-1',
      shippingTotal: 476,
      erpSalesOrderExternalId: 'shopify_1001',
      shipments: [
        {
          lineId: 'L1',
          quantity: 2,
          serialNumbers: ['S1', 'S2'],
          shippedAt: '2026-03-02T10:00:00.000Z',
          deliveredAt: '2026-03-04T10:00:00.000Z',
        },
      ],
    });
    expect(view.lines[1]).toEqual({
      lineId: 'L2',
      sku: 'B',
      quantity: 1,
      unitPrice: 500,
      discount: 0,
      tax: 95,
    });
  });

  it('falls back to shipped fulfilments when lines carry no progress', () => {
    const view = sut({
      ...base,
      lines: [{ lineId: 'L1', sku: 'A', quantity: 2, unitPrice: 1000, discount: 0, tax: 0 }],
      fulfillments: [
        {
          fulfillmentId: 'f1',
          status: 'shipped',
          locationId: 'DC',
          shippedAt: '2026-03-02T10:00:00Z',
          lines: [{ lineId: 'L1', sku: 'A', quantity: 2 }],
        },
        {
          fulfillmentId: 'f2',
          status: 'pending',
          lines: [{ lineId: 'L1', sku: 'A', quantity: 1 }],
        },
      ],
    });
    expect(view.shipments).toEqual([
      {
        lineId: 'L1',
        quantity: 2,
        serialNumbers: [],
        lotNumbers: [],
        locationId: 'DC',
        shippedAt: '2026-03-02T10:00:00Z',
        deliveredAt: undefined,
      },
    ]);
  });
});
