import { CanonicalOrder, validateContract } from '@retail/contracts';
import { BigCommerceAdapter } from './bigcommerce.adapter';
import { toCanonicalOrder } from './canonical-parts';
import fixture from './__fixtures__/bigcommerce-order.json';
import { channelRequest, copy, problemOf } from './__fixtures__/channel-request';
import { mappedOrderTotal } from './__fixtures__/order-total';

describe('BigCommerceAdapter', () => {
  const sut = new BigCommerceAdapter();

  it('maps a V2 order with products and a pickup consignment, exact to the cent', () => {
    const result = sut.map(channelRequest(fixture));

    expect(result.channelOrderId).toBe('118');
    expect(result.order).toEqual({
      channel: 'bigcommerce',
      channelOrderId: '118',
      orderedAt: '2026-11-19T21:08:44.000Z',
      currency: 'USD',
      customer: {
        channelCustomerId: '11',
        email: 'avery.nguyen@example.com',
        phone: '512-555-0101',
        name: 'Avery Nguyen',
      },
      shippingAddress: {
        name: 'Avery Nguyen',
        line1: '2100 E Riverside Dr',
        line2: 'Apt 12',
        city: 'Austin',
        region: 'Texas',
        postalCode: '78741',
        countryCode: 'US',
        phone: '512-555-0101',
        email: 'avery.nguyen@example.com',
      },
      billingAddress: {
        name: 'Avery Nguyen',
        line1: '500 Congress Ave',
        line2: 'Floor 3',
        city: 'Austin',
        region: 'Texas',
        postalCode: '78701',
        countryCode: 'US',
        phone: '512-555-0101',
        email: 'avery.nguyen@example.com',
      },
      lines: [
        {
          lineId: '35',
          sku: 'TSHIRT-BLK-M',
          channelSku: 'TSHIRT-BLK-M',
          title: 'Basic Tee',
          quantity: 2,
          unitPrice: 2499,
          discount: 400,
          tax: 379,
          fulfillment: { type: 'ship' },
        },
        {
          lineId: '36',
          sku: 'MUG-WHT-350',
          channelSku: 'MUG-WHT-350',
          title: 'Enamel Mug',
          quantity: 1,
          unitPrice: 1249,
          discount: 100,
          tax: 95,
          fulfillment: { type: 'pickup', locationId: 'store-austin-01' },
        },
      ],
      shipping: { method: 'Flat Rate', amount: 599, discount: 0, tax: 49 },
      payment: {
        status: 'captured',
        method: 'credit_card',
        reference: 'ch_3QxBcE2eZvKYlo2C0abc1234',
        amount: 6869,
      },
    });
    expect(mappedOrderTotal(result.order)).toBe(result.order.payment.amount);
    expect(validateContract(CanonicalOrder, toCanonicalOrder(result.order)).errors).toEqual([]);
    expect(result.transformations).toContain(
      'timestamp "Thu, 19 Nov 2026 21:08:44 +0000" -> 2026-11-19T21:08:44.000Z',
    );
  });

  it('allocates a manual order discount over the lines, to the last cent', () => {
    const payload = { ...copy(fixture), discount_amount: '1.0000' };
    const lines = sut.map(channelRequest(payload)).order.lines;
    // net values 4598 : 1149 -> 0.7999 / 0.2001 of 100 -> 80 / 20
    expect(lines.map((l) => l.discount)).toEqual([480, 120]);
  });

  it('answers 422 for a pickup line whose location is unknown', () => {
    const payload = copy(fixture) as Record<string, any>;
    delete payload.consignments;
    const problem = problemOf(() => sut.map(channelRequest(payload)));
    expect(problem.options.errors?.[0].field).toBe('products.1');
  });

  it('answers 422 for the thin webhook and for linked products', () => {
    const thin = {
      scope: 'store/order/created',
      store_id: '1025646',
      data: { type: 'order', id: 118 },
      hash: 'x',
      created_at: 1763586524,
      producer: 'stores/abc123',
    };
    expect(problemOf(() => sut.map(channelRequest(thin))).status).toBe(422);
    const linked = {
      ...copy(fixture),
      products: {
        url: 'https://api.bigcommerce.com/stores/abc123/v2/orders/118/products',
        resource: '/orders/118/products',
      },
    };
    expect(problemOf(() => sut.map(channelRequest(linked))).options.errors?.[0].field).toBe(
      'products',
    );
  });

  it('refuses sub-cent digits in the 4-decimal money strings', () => {
    const payload = copy(fixture);
    payload.products[0].total_tax = '3.7850';
    const problem = problemOf(() => sut.map(channelRequest(payload)));
    expect(problem.options.errors).toEqual([
      { field: 'products.0.total_tax', message: "'3.7850' has more decimals than USD allows (2)" },
    ]);
  });

  it.each([
    ['authorized', 'authorized'],
    ['pending', 'pending'],
    ['', 'pending'],
    ['declined', 'failed'],
  ])('maps payment_status %j to %s', (paymentStatus, status) => {
    const payload = { ...copy(fixture), payment_status: paymentStatus };
    expect(sut.map(channelRequest(payload)).order.payment.status).toBe(status);
  });

  it('treats customer_id 0 as a guest', () => {
    const payload = { ...copy(fixture), customer_id: 0 };
    expect(sut.map(channelRequest(payload)).order.customer.channelCustomerId).toBeUndefined();
  });
});
