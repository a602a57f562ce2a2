import { CanonicalOrder, validateContract } from '@retail/contracts';
import { AmazonAdapter } from './amazon.adapter';
import { toCanonicalOrder } from './canonical-parts';
import v0Fixture from './__fixtures__/amazon-order-v0.json';
import v2026Fixture from './__fixtures__/amazon-order-v2026.json';
import { channelRequest, copy, problemOf } from './__fixtures__/channel-request';
import { mappedOrderTotal } from './__fixtures__/order-total';

describe('AmazonAdapter', () => {
  const sut = new AmazonAdapter();

  it('has no signature to verify (authenticated by the channel API key)', () => {
    expect(() => sut.verify()).not.toThrow();
  });

  describe('Orders API v2026-01-01', () => {
    it('maps getOrder to the canonical order, exact to the cent', () => {
      const result = sut.map(channelRequest(v2026Fixture));

      expect(result.channelOrderId).toBe('113-4829174-2387756');
      expect(result.dedupeKeys).toEqual([]);
      expect(result.order).toEqual({
        channel: 'amazon',
        channelOrderId: '113-4829174-2387756',
        orderedAt: '2026-11-20T18:42:07Z',
        currency: 'USD',
        customer: { email: '7rq2k4xw9m1z3t@marketplace.amazon.com', name: 'Jordan Smith' },
        shippingAddress: {
          name: 'Jordan Smith',
          line1: '1200 Pine Street',
          line2: 'Apt 4B',
          city: 'Seattle',
          region: 'WA',
          postalCode: '98101-2322',
          countryCode: 'US',
          phone: '+1 206-555-0143',
        },
        lines: [
          {
            lineId: '50832661407218',
            sku: 'TSHIRT-BLK-M',
            channelSku: 'TSHIRT-BLK-M',
            title: 'Basic Tee, Black, Medium',
            quantity: 2,
            unitPrice: 2499,
            discount: 500,
            tax: 360,
            fulfillment: { type: 'ship' },
          },
          {
            lineId: '50832661407219',
            sku: 'MUG-WHT-350',
            channelSku: 'MUG-WHT-350',
            title: 'Enamel Mug, White, 350 ml',
            quantity: 1,
            unitPrice: 1249,
            discount: 0,
            tax: 100,
            fulfillment: { type: 'ship' },
          },
        ],
        shipping: { method: 'STANDARD', amount: 599, discount: 0, tax: 48 },
        payment: {
          status: 'captured',
          method: 'amazon',
          reference: '113-4829174-2387756',
          amount: 6854,
        },
      });
      expect(mappedOrderTotal(result.order)).toBe(result.order.payment.amount);
      expect(validateContract(CanonicalOrder, toCanonicalOrder(result.order)).errors).toEqual([]);
    });

    it('accepts a bare order (searchOrders entry) as well as { order }', () => {
      const bare = sut.map(channelRequest(copy(v2026Fixture.order)));
      expect(bare.order).toEqual(sut.map(channelRequest(v2026Fixture)).order);
    });

    it('derives the unit price from the ITEM proceeds when unitPrice is absent', () => {
      const payload = copy(v2026Fixture) as Record<string, any>;
      delete payload.order.orderItems[0].product.price;
      expect(sut.map(channelRequest(payload)).order.lines[0].unitPrice).toBe(2499);
    });

    it.each([
      ['PENDING', 'pending'],
      ['UNSHIPPED', 'captured'],
      ['PARTIALLY_SHIPPED', 'captured'],
      ['CANCELLED', 'failed'],
    ])('maps fulfillmentStatus %s to payment %s', (fulfillmentStatus, status) => {
      const payload = copy(v2026Fixture);
      payload.order.fulfillment.fulfillmentStatus = fulfillmentStatus;
      expect(sut.map(channelRequest(payload)).order.payment.status).toBe(status);
    });

    it('omits a delivery address withheld from the caller, and says so', () => {
      const payload = copy(v2026Fixture) as Record<string, any>;
      payload.order.recipient.deliveryAddress = {
        city: 'Seattle',
        stateOrRegion: 'WA',
        countryCode: 'US',
      };
      const result = sut.map(channelRequest(payload));
      expect(result.order.shippingAddress).toBeUndefined();
      expect(result.transformations).toContain(
        'shipping address omitted: street, city or ISO country code missing',
      );
    });

    it('answers 422 for amounts in another currency and items without SKU', () => {
      const payload = copy(v2026Fixture) as Record<string, any>;
      payload.order.orderItems[1].product.price.unitPrice.currencyCode = 'EUR';
      delete payload.order.orderItems[0].product.sellerSku;
      const problem = problemOf(() => sut.map(channelRequest(payload)));
      expect(problem.options.errors?.map((e) => e.field)).toEqual([
        'orderItems.0.product.sellerSku',
        'orderItems.1.product.price.unitPrice',
      ]);
    });
  });

  describe('Orders API v0', () => {
    it('maps ItemPrice as the total for the quantity, splitting a price that does not divide', () => {
      const result = sut.map(channelRequest(v0Fixture));

      expect(result.order).toEqual({
        channel: 'amazon',
        channelOrderId: '902-3159896-1390916',
        orderedAt: '2026-11-19T22:15:41Z',
        currency: 'USD',
        customer: { email: '0p9x2mz8qv7k1c@marketplace.amazon.com', name: 'Sam Lee' },
        shippingAddress: {
          name: 'Sam Lee',
          line1: '48 Harbor View Rd',
          city: 'Portland',
          region: 'ME',
          postalCode: '04101',
          countryCode: 'US',
          phone: '+1 207-555-0188',
        },
        lines: [
          // 29.99 for 3 mugs: 2 x 10.00 + 1 x 9.99; discount 3.00 and tax 2.40 allocated by value
          {
            lineId: '52852651034158-1',
            sku: 'MUG-WHT-350',
            channelSku: 'MUG-WHT-350',
            title: 'Enamel Mug, White, 350 ml',
            quantity: 2,
            unitPrice: 1000,
            discount: 200,
            tax: 160,
            fulfillment: { type: 'ship' },
          },
          {
            lineId: '52852651034158-2',
            sku: 'MUG-WHT-350',
            channelSku: 'MUG-WHT-350',
            title: 'Enamel Mug, White, 350 ml',
            quantity: 1,
            unitPrice: 999,
            discount: 100,
            tax: 80,
            fulfillment: { type: 'ship' },
          },
          {
            lineId: '52852651034159',
            sku: 'TSHIRT-BLK-M',
            channelSku: 'TSHIRT-BLK-M',
            title: 'Basic Tee, Black, Medium',
            quantity: 1,
            unitPrice: 2499,
            discount: 0,
            tax: 200,
            fulfillment: { type: 'ship' },
          },
        ],
        shipping: { method: 'Standard', amount: 499, discount: 0, tax: 40 },
        payment: {
          status: 'captured',
          method: 'amazon',
          reference: '902-3159896-1390916',
          amount: 6177,
        },
      });
      expect(mappedOrderTotal(result.order)).toBe(result.order.payment.amount);
      expect(validateContract(CanonicalOrder, toCanonicalOrder(result.order)).errors).toEqual([]);
      expect(result.transformations).toEqual(
        expect.arrayContaining([
          'item 52852651034160 dropped: QuantityOrdered 0 (cancelled)',
          'item 52852651034158: price total 2999 for 3 units does not divide: split into 2 x 1000 + 1 x 999',
        ]),
      );
    });

    it('keeps one line when ItemPrice divides by the quantity', () => {
      const payload = copy(v0Fixture);
      payload.OrderItems[0].ItemPrice.Amount = '30.00';
      payload.OrderTotal.Amount = '61.78';
      const lines = sut.map(channelRequest(payload)).order.lines;
      expect(lines[0]).toMatchObject({
        lineId: '52852651034158',
        quantity: 3,
        unitPrice: 1000,
        discount: 300,
        tax: 240,
      });
    });

    it('accepts the { payload } wrapper of getOrder with OrderItems beside it', () => {
      const { OrderItems, ...order } = copy(v0Fixture);
      const result = sut.map(channelRequest({ payload: order, OrderItems }));
      expect(result.order.lines).toHaveLength(3);
    });

    it('accepts a pending order whose items carry no price yet, held price_missing', () => {
      const payload = copy(v0Fixture) as Record<string, any>;
      payload.OrderStatus = 'Pending';
      delete payload.OrderTotal;
      payload.OrderItems.forEach((i: Record<string, unknown>) => delete i.ItemPrice);
      const result = sut.map(channelRequest(payload));
      expect(result.order.payment.status).toBe('pending');
      expect(result.holds.map((h) => h.reason)).toEqual(['price_missing', 'price_missing']);
      expect(result.order.payment.amount).toBe(mappedOrderTotal(result.order));
    });
  });

  it('answers 422 for a payload that is no Amazon order', () => {
    const problem = problemOf(() => sut.map(channelRequest({ hello: 'world' })));
    expect([problem.status, problem.code]).toEqual([422, 'invalid-channel-payload']);
  });
});
