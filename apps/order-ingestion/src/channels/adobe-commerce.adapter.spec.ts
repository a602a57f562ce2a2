import { CanonicalOrder, validateContract } from '@retail/contracts';
import { AdobeCommerceAdapter } from './adobe-commerce.adapter';
import { toCanonicalOrder } from './canonical-parts';
import fixture from './__fixtures__/adobe-commerce-order.json';
import { channelRequest, copy, problemOf } from './__fixtures__/channel-request';
import { mappedOrderTotal } from './__fixtures__/order-total';

const address = {
  name: 'Veronica Costello',
  line1: '6146 Honey Bluff Parkway',
  city: 'Calder',
  region: 'MI',
  postalCode: '49628-7978',
  countryCode: 'US',
  phone: '(555) 229-3326',
  email: 'roni_cost@example.com',
};

describe('AdobeCommerceAdapter', () => {
  const sut = new AdobeCommerceAdapter();

  it('maps /V1/orders/{id} with configurable and bundle items collapsed, exact to the cent', () => {
    const result = sut.map(channelRequest(fixture));

    expect(result.channelOrderId).toBe('000000901');
    expect(result.dedupeKeys).toEqual([]);
    expect(result.order).toEqual({
      channel: 'adobe-commerce',
      channelOrderId: '000000901',
      orderedAt: '2026-11-20T16:21:09Z',
      currency: 'USD',
      customer: {
        channelCustomerId: '42',
        email: 'roni_cost@example.com',
        phone: '(555) 229-3326',
        name: 'Veronica Costello',
      },
      shippingAddress: { ...address, line2: 'Unit 2' },
      billingAddress: address,
      lines: [
        {
          lineId: '2101',
          sku: 'TSHIRT-BLK-M',
          channelSku: 'TSHIRT-BLK-M',
          title: 'Basic Tee-M-Black',
          quantity: 2,
          unitPrice: 2400,
          discount: 480,
          tax: 356,
          fulfillment: { type: 'ship' },
        },
        {
          lineId: '2103',
          sku: 'GIFT-SET',
          channelSku: 'GIFT-SET',
          title: 'Mug & Sticker Gift Set',
          quantity: 1,
          unitPrice: 2990,
          discount: 0,
          tax: 247,
          fulfillment: { type: 'ship' },
        },
        {
          lineId: '2106',
          sku: 'CANDLE-VAN-200',
          channelSku: 'CANDLE-VAN-200',
          title: 'Vanilla Candle 200 g',
          quantity: 1,
          unitPrice: 1500,
          discount: 150,
          tax: 111,
          fulfillment: { type: 'ship' },
        },
      ],
      shipping: { method: 'flatrate_flatrate', amount: 1000, discount: 0, tax: 0 },
      payment: { status: 'authorized', method: 'braintree', reference: '8qk2m4ab', amount: 10374 },
    });
    expect(mappedOrderTotal(result.order)).toBe(result.order.payment.amount);
    expect(validateContract(CanonicalOrder, toCanonicalOrder(result.order)).errors).toEqual([]);
  });

  it('documents each collapse and conversion in the transformations', () => {
    expect(sut.map(channelRequest(fixture)).transformations).toEqual(
      expect.arrayContaining([
        'timestamp "2026-11-20 16:21:09" -> 2026-11-20T16:21:09Z',
        'collapsed configurable child 2102 into parent 2101 (child sku TSHIRT-BLK-M, parent price 2400)',
        "bundle 2103: dynamic sku 'GIFT-SET-MUG-WHT-350-STICKER-PACK' -> 'GIFT-SET'",
        'collapsed bundle children 2104, 2105 into parent 2103 (one line, priced by the parent: 2990, tax 247)',
      ]),
    );
  });

  it('keeps the child sku of a configurable whose parent sku differs', () => {
    const payload = copy(fixture);
    payload.items[0].sku = 'TSHIRT';
    expect(sut.map(channelRequest(payload)).order.lines[0].sku).toBe('TSHIRT-BLK-M');
  });

  it('takes tax and discount from a fixed-price bundle parent when it carries them', () => {
    const payload = copy(fixture) as Record<string, any>;
    Object.assign(payload.items[2], { sku: 'GIFT-SET', tax_amount: 2.47, discount_amount: 1 });
    const line = sut.map(channelRequest(payload)).order.lines[1];
    expect(line).toMatchObject({ sku: 'GIFT-SET', tax: 247, discount: 100 });
  });

  it('sends every line to the store for MSI in-store pickup', () => {
    const payload = copy(fixture) as Record<string, any>;
    payload.extension_attributes.shipping_assignments[0].shipping.method = 'instore_pickup';
    payload.extension_attributes.pickup_location_code = 'store-detroit-01';
    const lines = sut.map(channelRequest(payload)).order.lines;
    expect(new Set(lines.map((l) => JSON.stringify(l.fulfillment)))).toEqual(
      new Set([JSON.stringify({ type: 'pickup', locationId: 'store-detroit-01' })]),
    );
  });

  it('answers 422 for in-store pickup without a pickup location', () => {
    const payload = copy(fixture) as Record<string, any>;
    payload.extension_attributes.shipping_assignments[0].shipping.method = 'instore_pickup';
    const problem = problemOf(() => sut.map(channelRequest(payload)));
    expect(problem.options.errors).toEqual([
      {
        field: 'extension_attributes.pickup_location_code',
        message: 'is required for instore_pickup',
      },
    ]);
  });

  it.each([
    [{ amount_paid: 103.74, amount_authorized: 103.74 }, 'processing', 'captured'],
    [{ amount_authorized: 103.74 }, 'processing', 'authorized'],
    [{ method: 'checkmo' }, 'new', 'pending'],
    [{ method: 'checkmo' }, 'pending_payment', 'pending'],
    [{ method: 'checkmo' }, 'canceled', 'failed'],
  ])('maps payment %j in state %s to %s', (payment, state, status) => {
    const payload = { ...copy(fixture), payment, state };
    expect(sut.map(channelRequest(payload)).order.payment.status).toBe(status);
  });

  it('flags orders under payment review for a fraud hold', () => {
    const payload = { ...copy(fixture), state: 'payment_review', status: 'fraud' };
    expect(sut.map(channelRequest(payload)).order.fraud).toEqual({ decision: 'review' });
  });

  it('answers 422 for amounts more precise than the currency', () => {
    const payload = copy(fixture);
    payload.items[5].price = 15.005;
    const problem = problemOf(() => sut.map(channelRequest(payload)));
    expect(problem.options.errors).toEqual([
      { field: 'items.5.price', message: "'15.005' has more decimals than USD allows (2)" },
    ]);
  });
});
