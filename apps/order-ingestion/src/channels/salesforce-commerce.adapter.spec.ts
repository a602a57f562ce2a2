import { CanonicalOrder, validateContract } from '@retail/contracts';
import { toCanonicalOrder } from './canonical-parts';
import { channelRequest, copy, problemOf } from './__fixtures__/channel-request';
import { mappedOrderTotal } from './__fixtures__/order-total';
import fixture from './__fixtures__/salesforce-commerce-order.json';
import { SalesforceCommerceAdapter } from './salesforce-commerce.adapter';

/** OCAPI snake_case -> SCAPI camelCase (what a Shopper Orders client returns). */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.startsWith('c_') || k.startsWith('_')
        ? k
        : k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
      camelKeys(v),
    ]),
  );
}

describe('SalesforceCommerceAdapter', () => {
  const sut = new SalesforceCommerceAdapter();

  it('maps an OCAPI order with a delivery and a store-pickup shipment, exact to the cent', () => {
    const result = sut.map(channelRequest(fixture));

    expect(result.channelOrderId).toBe('00001207');
    expect(result.order).toEqual({
      channel: 'salesforce-commerce',
      channelOrderId: '00001207',
      orderedAt: '2026-11-20T15:44:12.000Z',
      currency: 'USD',
      customer: {
        channelCustomerId: '00012345',
        email: 'morgan.reyes@example.com',
        phone: '617-555-0142',
        name: 'Morgan Reyes',
      },
      shippingAddress: {
        name: 'Morgan Reyes',
        line1: '12 Beacon Street',
        city: 'Boston',
        region: 'MA',
        postalCode: '02108',
        countryCode: 'US',
        phone: '617-555-0142',
      },
      billingAddress: {
        name: 'Morgan Reyes',
        line1: '77 Summer Street',
        line2: 'Suite 400',
        city: 'Boston',
        region: 'MA',
        postalCode: '02110',
        countryCode: 'US',
        phone: '617-555-0142',
      },
      lines: [
        {
          lineId: 'a1b2c3d4e5f6a7b8c9d0e1f2a3',
          sku: 'TSHIRT-BLK-M',
          channelSku: 'TSHIRT-BLK-M',
          title: 'Basic Tee',
          quantity: 2,
          unitPrice: 2499,
          discount: 735,
          tax: 352,
          fulfillment: { type: 'ship' },
        },
        {
          lineId: 'f9e8d7c6b5a4f3e2d1c0b9a8f7',
          sku: 'MUG-WHT-350',
          channelSku: 'MUG-WHT-350',
          title: 'Enamel Mug',
          quantity: 1,
          unitPrice: 1249,
          discount: 65,
          tax: 98,
          fulfillment: { type: 'pickup', locationId: 'store-boston-01' },
        },
      ],
      shipping: { method: '001', amount: 599, discount: 0, tax: 49 },
      payment: {
        status: 'authorized',
        method: 'credit_card',
        reference: 'pi_3QyZ9k2eZvKYlo2C1x7mNq4R',
        amount: 6545,
      },
    });
    expect(mappedOrderTotal(result.order)).toBe(result.order.payment.amount);
    expect(validateContract(CanonicalOrder, toCanonicalOrder(result.order)).errors).toEqual([]);
  });

  it('maps the SCAPI (camelCase) form of the same order identically', () => {
    const scapi = camelKeys(copy(fixture));
    expect(sut.map(channelRequest(scapi)).order).toEqual(sut.map(channelRequest(fixture)).order);
  });

  it('treats a shipment whose method enables store pickup as pickup at the shipment store', () => {
    const payload = copy(fixture) as Record<string, any>;
    delete payload.product_items[1].c_fromStoreId;
    payload.shipments[1].c_fromStoreId = 'store-boston-02';
    expect(sut.map(channelRequest(payload)).order.lines[1].fulfillment).toEqual({
      type: 'pickup',
      locationId: 'store-boston-02',
    });
  });

  it('answers 422 for a store-pickup shipment that names no store', () => {
    const payload = copy(fixture) as Record<string, any>;
    delete payload.product_items[1].c_fromStoreId;
    delete payload.shipments[1].c_fromStoreId;
    const problem = problemOf(() => sut.map(channelRequest(payload)));
    expect(problem.options.errors).toEqual([
      { field: 'product_items.1.shipment_id', message: 'store pickup shipment without a store id' },
    ]);
  });

  it.each([
    ['paid', 'confirmed', 'captured'],
    ['part_paid', 'confirmed', 'authorized'],
    ['not_paid', 'confirmed', 'authorized'],
    ['not_paid', 'not_confirmed', 'pending'],
  ])(
    'maps payment_status %s / confirmation_status %s to %s',
    (paymentStatus, confirmation, status) => {
      const payload = {
        ...copy(fixture),
        payment_status: paymentStatus,
        confirmation_status: confirmation,
      };
      expect(sut.map(channelRequest(payload)).order.payment.status).toBe(status);
    },
  );

  it('answers 422 for a missing order number and a fractional quantity', () => {
    const payload = copy(fixture) as Record<string, any>;
    delete payload.order_no;
    payload.product_items[0].quantity = 1.5;
    const problem = problemOf(() => sut.map(channelRequest(payload)));
    expect(problem.options.errors?.map((e) => e.field)).toEqual([
      'order_no',
      'product_items.0.quantity',
    ]);
  });
});
