import { shipmentDocuments } from './shipment-payload';

describe('shipmentDocuments', () => {
  it('gives the order service exactly its fulfillment-event fields', () => {
    const sut = shipmentDocuments(
      'fulfillment',
      {
        requestId: 'r1',
        orderId: 'o1',
        locationId: 'DC1',
        lines: [{ lineId: 'l1', sku: 'S', quantity: 2 }],
      },
      'e5f1c2d4-0000-4000-8000-000000000001',
      '2026-11-26T20:00:00.000Z',
    );

    expect(sut.callbackBody).toEqual({
      eventId: 'e5f1c2d4-0000-4000-8000-000000000001',
      orderId: 'o1',
      type: 'shipped',
      lines: [{ lineId: 'l1', quantity: 2 }],
      locationId: 'DC1',
      carrier: 'SIM-PARCEL',
      trackingNumber: 'SIME5F1C2D40000',
      occurredAt: '2026-11-26T20:00:00.000Z',
    });
    expect(sut.payload).toMatchObject({
      requestId: 'r1',
      lines: [{ lineId: 'l1', sku: 'S', quantity: 2 }],
    });
  });

  it('describes a transfer by SKU and both locations', () => {
    const sut = shipmentDocuments(
      'transfer',
      {
        requestId: 't1',
        fromLocationId: 'DC1',
        toLocationId: 'S1',
        lines: [{ sku: 'S', quantity: 1 }],
      },
      'e',
      't',
    );

    expect(sut.payload).toEqual({
      eventId: 'e',
      type: 'transfer_shipped',
      requestId: 't1',
      locationId: 'DC1',
      toLocationId: 'S1',
      lines: [{ sku: 'S', quantity: 1 }],
      occurredAt: 't',
    });
  });
});
