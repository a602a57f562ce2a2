import { createHmac } from 'node:crypto';
import { CanonicalOrder, validateContract } from '@retail/contracts';
import { toCanonicalOrder } from './canonical-parts';
import { channelRequest, copy, problemOf } from './__fixtures__/channel-request';
import { mappedOrderTotal } from './__fixtures__/order-total';
import fixture from './__fixtures__/shopify-orders-create.json';
import { ShopifyAdapter } from './shopify.adapter';

const SECRET = 'shpss_test_secret';
const sign = (body: Buffer, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('base64');

describe('ShopifyAdapter', () => {
  const sut = new ShopifyAdapter();

  describe('verify', () => {
    const rawBody = Buffer.from(JSON.stringify(fixture));
    const signed = (hmac: string) =>
      channelRequest(fixture, { 'x-shopify-hmac-sha256': hmac }, rawBody);

    it('accepts the HMAC of the raw body', () => {
      expect(() =>
        sut.verify(signed(sign(rawBody)), { shopifyWebhookSecret: SECRET }),
      ).not.toThrow();
    });

    it('accepts the previous secret during a rotation', () => {
      const req = signed(sign(rawBody, 'old-secret'));
      expect(() => sut.verify(req, { shopifyWebhookSecret: `${SECRET},old-secret` })).not.toThrow();
    });

    it('rejects a tampered body with 401 invalid-signature', () => {
      const req = channelRequest(
        fixture,
        { 'x-shopify-hmac-sha256': sign(rawBody) },
        Buffer.from(`${rawBody} `),
      );
      const problem = problemOf(() => sut.verify(req, { shopifyWebhookSecret: SECRET }));
      expect([problem.status, problem.code]).toEqual([401, 'invalid-signature']);
    });

    it('rejects a signature made with another secret', () => {
      const problem = problemOf(() =>
        sut.verify(signed(sign(rawBody, 'wrong')), { shopifyWebhookSecret: SECRET }),
      );
      expect(problem.status).toBe(401);
    });

    it('rejects a missing header and a missing secret', () => {
      const unsigned = channelRequest(fixture, {}, rawBody);
      expect(problemOf(() => sut.verify(unsigned, { shopifyWebhookSecret: SECRET })).status).toBe(
        401,
      );
      expect(problemOf(() => sut.verify(signed(sign(rawBody)), {})).status).toBe(401);
    });

    it('signs the bytes as received, not a re-serialisation of the parsed JSON', () => {
      const pretty = Buffer.from(JSON.stringify(fixture, null, 2));
      const req = channelRequest(fixture, { 'X-Shopify-Hmac-Sha256': sign(pretty) }, pretty);
      expect(() => sut.verify(req, { shopifyWebhookSecret: SECRET })).not.toThrow();
      const compact = channelRequest(fixture, { 'X-Shopify-Hmac-Sha256': sign(rawBody) }, pretty);
      expect(problemOf(() => sut.verify(compact, { shopifyWebhookSecret: SECRET })).status).toBe(
        401,
      );
    });

    it('rejects a signature of a different length without throwing a RangeError', () => {
      const problem = problemOf(() => sut.verify(signed('abc'), { shopifyWebhookSecret: SECRET }));
      expect(problem.status).toBe(401);
    });
  });

  describe('map', () => {
    const headers = {
      'x-shopify-topic': 'orders/create',
      'x-shopify-event-id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
      'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    };

    it('maps the orders/create webhook to the canonical order, exact to the cent', () => {
      const result = sut.map(channelRequest(fixture, headers));

      expect(result.channel).toBe('shopify');
      expect(result.channelOrderId).toBe('5123456789012');
      expect(result.dedupeKeys).toEqual([
        'shopify:event:98880550-7158-44d4-b7cd-2c97c8a091b5',
        'shopify:webhook:b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      ]);
      expect(result.order).toEqual({
        channel: 'shopify',
        channelOrderId: '5123456789012',
        orderedAt: '2026-11-20T14:03:11+01:00',
        currency: 'EUR',
        customer: {
          channelCustomerId: '7012345678',
          email: 'erika.mustermann@example.com',
          phone: '+4930123456',
          name: 'Erika Mustermann',
        },
        shippingAddress: {
          name: 'Erika Mustermann',
          line1: 'Heidestraße 17',
          line2: '3. OG',
          city: 'Köln',
          postalCode: '51147',
          countryCode: 'DE',
          phone: '+4930123456',
        },
        billingAddress: {
          name: 'Erika Mustermann',
          line1: 'Heidestraße 17',
          city: 'Köln',
          postalCode: '51147',
          countryCode: 'DE',
          phone: '+4930123456',
        },
        lines: [
          {
            lineId: '13579024680001',
            sku: 'TSHIRT-BLK-M',
            channelSku: 'TSHIRT-BLK-M',
            title: 'Basic Tee - Black / M',
            quantity: 2,
            unitPrice: 1999,
            discount: 400,
            tax: 684,
            fulfillment: { type: 'ship' },
          },
          {
            lineId: '13579024680002',
            sku: 'MUG-WHT-350',
            channelSku: 'MUG-WHT-350',
            title: 'Enamel Mug - White 350 ml',
            quantity: 1,
            unitPrice: 1250,
            discount: 0,
            tax: 238,
            fulfillment: { type: 'pickup', locationId: 'store-berlin-01' },
          },
          {
            lineId: '13579024680003',
            sku: '44123456789003',
            channelSku: '44123456789003',
            title: 'Sticker Pack',
            quantity: 3,
            unitPrice: 333,
            discount: 100,
            tax: 171,
            fulfillment: { type: 'ship' },
          },
        ],
        shipping: { method: 'Standard', amount: 495, discount: 0, tax: 94 },
        payment: {
          status: 'authorized',
          method: 'shopify_payments',
          reference: '5123456789012',
          amount: 7429,
        },
      });
      expect(mappedOrderTotal(result.order)).toBe(result.order.payment.amount);
      expect(validateContract(CanonicalOrder, toCanonicalOrder(result.order)).errors).toEqual([]);
    });

    it('records what it transformed', () => {
      const { transformations } = sut.map(channelRequest(fixture));
      expect(transformations).toEqual(
        expect.arrayContaining([
          'line 13579024680001: price "19.99" -> 1999 EUR (19.99), discount 1 allocation(s) -> 400, tax 1 tax line(s) -> 684',
          'line 13579024680003: no sku, using variant id 44123456789003 as channel sku',
          'payment financial_status "authorized" -> authorized',
        ]),
      );
    });

    it('has no dedupe keys without delivery headers', () => {
      expect(sut.map(channelRequest(fixture)).dedupeKeys).toEqual([]);
    });

    it('takes ids from admin_graphql_api_id, not from imprecise JSON numbers', () => {
      const payload = copy(fixture);
      payload.id = 1234567890123456800; // what JSON.parse makes of 1234567890123456789
      payload.admin_graphql_api_id = 'gid://shopify/Order/1234567890123456789';
      expect(sut.map(channelRequest(payload)).channelOrderId).toBe('1234567890123456789');
    });

    it('accepts fields it does not know', () => {
      const payload = { ...copy(fixture), brand_new_field: { nested: [1, 2] } };
      const line = { ...payload.line_items[0], another_new_field: true };
      const result = sut.map(channelRequest({ ...payload, line_items: [line] }));
      expect(result.order.lines).toHaveLength(1);
    });

    it('sums every tax line of a line (e.g. GST + PST)', () => {
      const payload = copy(fixture);
      payload.line_items[0].tax_lines = [
        { ...payload.line_items[0].tax_lines[0], price: '1.80', title: 'GST' },
        { ...payload.line_items[0].tax_lines[0], price: '2.52', title: 'PST' },
      ];
      expect(sut.map(channelRequest(payload)).order.lines[0].tax).toBe(432);
    });

    it.each([
      ['paid', 'captured'],
      ['authorized', 'authorized'],
      ['pending', 'pending'],
      ['partially_paid', 'pending'],
      ['voided', 'failed'],
      ['refunded', 'failed'],
      ['something_new', 'pending'],
    ])('maps financial_status %s to payment %s', (financial, status) => {
      const payload = { ...copy(fixture), financial_status: financial };
      expect(sut.map(channelRequest(payload)).order.payment.status).toBe(status);
    });

    it('spreads total_discounts over the lines when no line has discount_allocations', () => {
      const payload = copy(fixture) as Record<string, any>;
      payload.line_items.forEach((l: Record<string, unknown>) => delete l.discount_allocations);
      payload.total_discounts = '10.00';
      const lines = sut.map(channelRequest(payload)).order.lines;
      // weights 3998 : 1250 : 999 of 6247 -> 639.97 / 200.09 / 159.91 -> 640 / 200 / 160
      expect(lines.map((l) => l.discount)).toEqual([640, 200, 160]);
    });

    it('sends every line to the pickup store when the checkout chose local pickup', () => {
      const payload = copy(fixture) as Record<string, any>;
      payload.shipping_lines = [
        {
          code: 'Pickup',
          title: 'Pick up at Berlin Mitte',
          price: '0.00',
          source: 'shopify',
          tax_lines: [],
        },
      ];
      payload.note_attributes = [{ name: 'pickup_location_id', value: 'store-berlin-02' }];
      const lines = sut.map(channelRequest(payload)).order.lines;
      expect(lines.map((l) => l.fulfillment)).toEqual([
        { type: 'pickup', locationId: 'store-berlin-02' },
        { type: 'pickup', locationId: 'store-berlin-01' },
        { type: 'pickup', locationId: 'store-berlin-02' },
      ]);
    });

    it('maps order risks to a fraud verdict (most severe wins)', () => {
      const payload = {
        ...copy(fixture),
        risks: [
          { recommendation: 'accept', score: '0.1' },
          { recommendation: 'investigate', score: '0.65' },
        ],
      };
      expect(sut.map(channelRequest(payload)).order.fraud).toEqual({
        decision: 'review',
        score: 65,
      });
    });

    it('answers 422 with every missing field listed', () => {
      const payload = copy(fixture) as Record<string, any>;
      delete payload.currency;
      payload.line_items[0].price = '19,99';
      payload.line_items[1].quantity = 0;
      const problem = problemOf(() => sut.map(channelRequest(payload)));
      expect([problem.status, problem.code]).toEqual([422, 'invalid-channel-payload']);
      expect(problem.options.errors?.map((e) => e.field)).toEqual([
        'currency',
        'line_items.0.price',
        'line_items.1.quantity',
      ]);
    });

    it('answers 422 for an order without lines or id', () => {
      const problem = problemOf(() => sut.map(channelRequest({ currency: 'EUR', line_items: [] })));
      expect(problem.options.errors?.map((e) => e.field)).toEqual(
        expect.arrayContaining(['id', 'line_items', 'created_at', 'total_price']),
      );
    });
  });
});
