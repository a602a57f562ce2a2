import { createHmac } from 'node:crypto';
import { CanonicalOrder, validateContract } from '@retail/contracts';
import { toCanonicalOrder } from './canonical-parts';
import { channelRequest, copy, problemOf } from './__fixtures__/channel-request';
import { mappedOrderTotal } from './__fixtures__/order-total';
import fixture from './__fixtures__/square-order.json';
import { SquareAdapter } from './square.adapter';

const KEY = 'sq0wsk-test-signature-key';
const URL = 'https://retail.example.com/v1/channels/square/orders';
const secrets = { squareSignatureKey: KEY, squareNotificationUrl: URL };
const sign = (body: Buffer, key = KEY, url = URL) =>
  createHmac('sha256', key)
    .update(url + body.toString('utf8'))
    .digest('base64');

describe('SquareAdapter', () => {
  const sut = new SquareAdapter();

  describe('verify', () => {
    const rawBody = Buffer.from(JSON.stringify(fixture));
    const signed = (signature: string, body = rawBody) =>
      channelRequest(fixture, { 'x-square-hmacsha256-signature': signature }, body);

    it('accepts the HMAC of notification URL + raw body', () => {
      expect(() => sut.verify(signed(sign(rawBody)), secrets)).not.toThrow();
    });

    it('rejects a tampered body, a wrong key, another URL and a missing header', () => {
      const cases = [
        signed(sign(rawBody), Buffer.from(rawBody.toString().replace('2499', '1499'))),
        signed(sign(rawBody, 'wrong-key')),
        signed(sign(rawBody, KEY, 'https://attacker.example.com/hook')),
        channelRequest(fixture, {}, rawBody),
      ];
      for (const req of cases) {
        const problem = problemOf(() => sut.verify(req, secrets));
        expect([problem.status, problem.code]).toEqual([401, 'invalid-signature']);
      }
    });

    it('rejects every request while the signature key is not configured', () => {
      expect(problemOf(() => sut.verify(signed(sign(rawBody)), {})).status).toBe(401);
    });
  });

  describe('map', () => {
    it('maps a RetrieveOrder response with a pickup and a shipment fulfillment', () => {
      const result = sut.map(channelRequest(fixture));

      expect(result.channelOrderId).toBe('CAISENgvlJ6jLWAzERDzjyHVybY');
      expect(result.order).toEqual({
        channel: 'square',
        channelOrderId: 'CAISENgvlJ6jLWAzERDzjyHVybY',
        orderedAt: '2026-11-20T17:05:22.391Z',
        currency: 'USD',
        customer: {
          channelCustomerId: 'JDKYHBWT1D4F8MFH63DBMEN8Y4',
          email: 'casey.park@example.com',
          phone: '+14155550123',
          name: 'Casey Park',
        },
        shippingAddress: {
          name: 'Casey Park',
          line1: '1455 Market St',
          line2: 'Suite 600',
          city: 'San Francisco',
          region: 'CA',
          postalCode: '94103',
          countryCode: 'US',
          phone: '+14155550123',
          email: 'casey.park@example.com',
        },
        lines: [
          {
            lineId: '8uSwfzvUImn3IRrvciqlXC',
            sku: 'W62UWFY35CWMYGVWK6TWJDNI',
            channelSku: 'W62UWFY35CWMYGVWK6TWJDNI',
            title: 'Basic Tee - Black / M',
            quantity: 2,
            unitPrice: 2499,
            discount: 500,
            tax: 371,
            fulfillment: { type: 'ship' },
          },
          {
            lineId: 'v8ZuEXpOJpb0bazLuvrLDB',
            sku: 'AE2PLDJ4RNRLSDQ6J2DWLDAX',
            channelSku: 'AE2PLDJ4RNRLSDQ6J2DWLDAX',
            title: 'Enamel Mug - White 350 ml',
            quantity: 1,
            unitPrice: 1249,
            discount: 0,
            tax: 103,
            fulfillment: { type: 'pickup', locationId: 'L9ZK3C1V7Z6QX' },
          },
        ],
        shipping: { method: 'Shipping', amount: 599, discount: 0, tax: 0 },
        payment: {
          status: 'captured',
          method: 'card',
          reference: 'Sv6g3XJ3Y1lFbFmbGeDAWNYZCWQZY',
          amount: 6820,
        },
      });
      expect(mappedOrderTotal(result.order)).toBe(result.order.payment.amount);
      expect(validateContract(CanonicalOrder, toCanonicalOrder(result.order)).errors).toEqual([]);
    });

    it('reads the order out of a webhook envelope and keys it by event id', () => {
      const envelope = {
        merchant_id: 'ML8M1AQ1GQG2K',
        type: 'order.updated',
        event_id: '2d1ad8a6-3c6e-4f8a-9a52-0a4f7d9c3b11',
        created_at: '2026-11-20T17:05:31Z',
        data: { type: 'order', id: fixture.order.id, object: { order: copy(fixture.order) } },
      };
      const result = sut.map(channelRequest(envelope));
      expect(result.dedupeKeys).toEqual(['square:event:2d1ad8a6-3c6e-4f8a-9a52-0a4f7d9c3b11']);
      expect(result.order.lines).toHaveLength(2);
    });

    it('answers 422 for the thin order.created notification', () => {
      const thin = {
        merchant_id: 'ML8M1AQ1GQG2K',
        type: 'order.created',
        event_id: 'a3f9e1b2-0c4d-4e5f-8a9b-1c2d3e4f5a6b',
        data: {
          type: 'order',
          id: fixture.order.id,
          object: { order_created: { order_id: fixture.order.id, state: 'OPEN', version: 1 } },
        },
      };
      const problem = problemOf(() => sut.map(channelRequest(thin)));
      expect(problem.options.errors?.[0]).toEqual({
        field: 'data.object',
        message: 'notification without the order: call RetrieveOrder and post the order',
      });
    });

    it('treats a counter sale without fulfillments as a pickup at the order location', () => {
      const payload = copy(fixture) as Record<string, any>;
      delete payload.order.fulfillments;
      delete payload.order.service_charges;
      const lines = sut.map(channelRequest(payload)).order.lines;
      expect(lines.map((l) => l.fulfillment)).toEqual([
        { type: 'pickup', locationId: 'L9ZK3C1V7Z6QX' },
        { type: 'pickup', locationId: 'L9ZK3C1V7Z6QX' },
      ]);
    });

    it('allocates the order discount when lines carry no discount totals', () => {
      const payload = copy(fixture) as Record<string, any>;
      payload.order.line_items.forEach(
        (l: Record<string, unknown>) => delete l.total_discount_money,
      );
      payload.order.total_discount_money = { amount: 100, currency: 'USD' };
      // 4998 : 1249 -> 79.99 / 20.01 -> 80 / 20
      expect(sut.map(channelRequest(payload)).order.lines.map((l) => l.discount)).toEqual([80, 20]);
    });

    it.each([
      [['CAPTURED'], 'captured'],
      [['AUTHORIZED'], 'authorized'],
      [['CAPTURED', 'AUTHORIZED'], 'authorized'],
      [['FAILED'], 'failed'],
    ])('maps card tenders %j to %s', (cardStatuses, status) => {
      const payload = copy(fixture) as Record<string, any>;
      payload.order.tenders = (cardStatuses as string[]).map((s, i) => ({
        ...payload.order.tenders[0],
        id: `t${i}`,
        amount_money: {
          amount: i === 0 ? 6820 - (cardStatuses.length - 1) * 100 : 100,
          currency: 'USD',
        },
        card_details: { status: s },
      }));
      expect(sut.map(channelRequest(payload)).order.payment.status).toBe(status);
    });

    it('answers 422 for measured quantities and decimal amounts', () => {
      const payload = copy(fixture) as Record<string, any>;
      payload.order.line_items[1].quantity = '1.5';
      payload.order.line_items[1].base_price_money.amount = 12.49;
      const problem = problemOf(() => sut.map(channelRequest(payload)));
      expect(problem.options.errors?.map((e) => e.field)).toEqual([
        'line_items.1.quantity',
        'line_items.1.base_price_money.amount',
      ]);
    });

    it('keeps an ad-hoc item (no catalog_object_id) as a non_stock line with its amounts', () => {
      const payload = copy(fixture) as Record<string, any>;
      delete payload.order.line_items[0].catalog_object_id;
      const before = sut.map(channelRequest(copy(fixture))).order.lines[0];
      const result = sut.map(channelRequest(payload));
      const { sku: _sku, channelSku: _channelSku, ...rest } = before;
      expect(result.order.lines[0]).toEqual({ ...rest, kind: 'non_stock' });
      expect(result.holds).toEqual([]);
    });
  });
});
