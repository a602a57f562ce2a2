import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { settled } from '@retail/platform-testing';
import { RunningSimulator, startSimulator } from '../support/start-simulator';

interface Received {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A stand-in for the order service's /v1/fulfillment-events, recording what it gets. */
async function startCallbackReceiver(): Promise<{
  url: string;
  received: Received[];
  server: Server;
}> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/fulfillment-events`, received, server };
}

const eventually = <T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 5000) =>
  settled(read, done, ms);

const REFUND = { paymentReference: 'pay_123', amount: 2599, currency: 'EUR', reason: 'return' };

describe('backoffice-simulator WMS, payments, tax and service routes', () => {
  let sim: RunningSimulator;
  const http = () => request(sim.baseUrl);
  const stats = async () => (await http().get('/admin/stats').expect(200)).body;

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await http().post('/admin/reset').expect(200);
  });

  describe('payments', () => {
    it('refunds once per idempotency key and replays duplicates', async () => {
      const first = await http()
        .post('/payments/v1/refunds')
        .set('Idempotency-Key', 'r-1')
        .send(REFUND)
        .expect(201);
      const again = await http()
        .post('/payments/v1/refunds')
        .set('Idempotency-Key', 'r-1')
        .send(REFUND)
        .expect(201);

      expect(first.body).toMatchObject({ status: 'succeeded', amount: 2599, currency: 'EUR' });
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await stats()).payments.refunds).toEqual({ created: 1, duplicate: 1, failed: 0 });
    });

    it('pays out once when the same key arrives concurrently', async () => {
      const calls = Array.from({ length: 6 }, () =>
        http().post('/payments/v1/refunds').set('Idempotency-Key', 'r-race').send(REFUND),
      );
      const responses = await Promise.all(calls);

      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect((await stats()).payments.refunds).toMatchObject({ created: 1, duplicate: 5 });
    });

    it('refuses a reused key with another body (422) and a missing key (400)', async () => {
      await http()
        .post('/payments/v1/refunds')
        .set('Idempotency-Key', 'r-2')
        .send(REFUND)
        .expect(201);
      const reused = await http()
        .post('/payments/v1/refunds')
        .set('Idempotency-Key', 'r-2')
        .send({ ...REFUND, amount: 1 })
        .expect(422);
      await http().post('/payments/v1/refunds').send(REFUND).expect(400);

      expect(reused.body.code).toBe('idempotency_key_reused');
      expect((await stats()).payments.refunds.created).toBe(1);
    });

    it('answers a failed refund for FAIL references', async () => {
      const response = await http()
        .post('/payments/v1/refunds')
        .set('Idempotency-Key', 'r-3')
        .send({ ...REFUND, paymentReference: 'FAIL-9' })
        .expect(201);

      expect(response.body).toMatchObject({
        status: 'failed',
        failureReason: 'charge_not_refundable',
      });
      expect((await stats()).payments.refunds.failed).toBe(1);
    });
  });

  describe('wms', () => {
    const fulfillment = (requestId: string, callbackUrl?: string) => ({
      requestId,
      orderId: 'ord-1',
      fulfillmentId: 'ful-1',
      locationId: 'DC1',
      lines: [{ lineId: 'l1', sku: 'SKU-1', quantity: 2 }],
      ...(callbackUrl ? { callbackUrl, callbackHeaders: { 'x-api-key': 'k1' } } : {}),
    });

    it('accepts a fulfillment request once per requestId', async () => {
      const first = await http()
        .post('/wms/v1/fulfillment-requests')
        .send(fulfillment('f-1'))
        .expect(201);
      const again = await http()
        .post('/wms/v1/fulfillment-requests')
        .send(fulfillment('f-1'))
        .expect(201);

      expect(first.body).toMatchObject({ requestId: 'f-1', status: 'accepted' });
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect((await stats()).wms.fulfillmentRequests).toEqual({ created: 1, duplicate: 1 });
    });

    it('confirms the shipment after the configured delay and calls back once', async () => {
      const receiver = await startCallbackReceiver();
      try {
        await http()
          .post('/admin/faults')
          .send({ wms: { shipmentDelayMs: 100 } })
          .expect(200);
        await http()
          .post('/wms/v1/fulfillment-requests')
          .set('x-correlation-id', 'corr-wms')
          .send(fulfillment('f-2', receiver.url))
          .expect(201);

        const shipped = await eventually(
          async () => (await stats()).wms.shipments,
          (s) => s.callbacksDelivered === 1,
        );

        expect(shipped).toMatchObject({ confirmed: 1, callbacksDelivered: 1 });
        expect(receiver.received).toHaveLength(1);
        const { headers, body } = receiver.received[0];
        expect(headers['x-api-key']).toBe('k1');
        expect(headers['x-correlation-id']).toBe('corr-wms');
        expect(Object.keys(body).sort()).toEqual(
          [
            'carrier',
            'eventId',
            'fulfillmentId',
            'lines',
            'locationId',
            'occurredAt',
            'orderId',
            'trackingNumber',
            'type',
          ].sort(),
        );
        expect(body).toMatchObject({
          orderId: 'ord-1',
          type: 'shipped',
          lines: [{ lineId: 'l1', quantity: 2 }],
        });
        const feed = await http().get('/wms/v1/shipments').expect(200);
        expect(feed.body.shipments).toHaveLength(1);
        expect(feed.body.shipments[0]).toMatchObject({ requestId: 'f-2', eventId: body.eventId });
        const next = await http().get(`/wms/v1/shipments?cursor=${feed.body.cursor}`).expect(200);
        expect(next.body).toEqual({ shipments: [], cursor: feed.body.cursor });
      } finally {
        receiver.server.close();
      }
    });

    it('ships on demand when no delay is set, and only once', async () => {
      await http()
        .post('/wms/v1/transfer-requests')
        .send({
          requestId: 't-1',
          fromLocationId: 'DC1',
          toLocationId: 'S1',
          lines: [{ sku: 'SKU-1', quantity: 3 }],
        })
        .expect(201);
      const pending = await http().get('/wms/v1/transfer-requests/t-1').expect(200);

      const first = await http().post('/admin/wms/transfer-requests/t-1/ship').expect(200);
      const again = await http().post('/admin/wms/transfer-requests/t-1/ship').expect(200);

      expect(pending.body.status).toBe('accepted');
      expect(first.body).toMatchObject({
        type: 'transfer_shipped',
        locationId: 'DC1',
        toLocationId: 'S1',
      });
      expect(again.body.eventId).toBe(first.body.eventId);
      const shipped = await http().get('/wms/v1/transfer-requests/t-1').expect(200);
      expect(shipped.body.status).toBe('shipped');
      expect((await stats()).wms.shipments.confirmed).toBe(1);
    });
  });

  describe('tax', () => {
    it('quotes the itemised tax reversal for the returned share of each line', async () => {
      const response = await http()
        .post('/tax/v1/reversal-quotes')
        .send({
          currency: 'EUR',
          lines: [
            { lineId: 'l1', quantity: 1, originalQuantity: 3, originalTax: 100 },
            { lineId: 'l2', quantity: 2, originalQuantity: 2, originalTax: 761 },
          ],
        })
        .expect(200);

      expect(response.body.lines).toEqual([
        { lineId: 'l1', quantity: 1, taxAmount: 33 },
        { lineId: 'l2', quantity: 2, taxAmount: 761 },
      ]);
      expect(response.body.totalTax).toBe(794);
      expect((await stats()).tax.reversalQuotes.created).toBe(1);
    });

    it('refuses a returned quantity above the original (422)', async () => {
      await http()
        .post('/tax/v1/reversal-quotes')
        .send({
          currency: 'EUR',
          lines: [{ lineId: 'l1', quantity: 4, originalQuantity: 3, originalTax: 10 }],
        })
        .expect(422);
    });
  });

  describe('service routes', () => {
    it('serves health, metrics, docs and echoes the correlation id', async () => {
      await http().get('/health/live').expect(200);
      const ready = await http().get('/health/ready').expect(200);
      await http()
        .post('/tax/v1/reversal-quotes')
        .set('x-correlation-id', 'corr-42')
        .send({
          currency: 'EUR',
          lines: [{ lineId: 'l1', quantity: 1, originalQuantity: 1, originalTax: 1 }],
        });
      const metrics = await http().get('/metrics').expect(200);
      const docs = await http().get('/docs-json').expect(200);
      const calls = await eventually(
        async () => (await http().get('/admin/calls?correlationId=corr-42').expect(200)).body,
        (rows: unknown[]) => rows.length > 0,
      );

      expect(ready.body.checks.postgres).toBe('up');
      expect(metrics.text).toContain(
        'backoffice_simulator_requests_total{system="tax",status="200"}',
      );
      expect(docs.body.paths).toHaveProperty(['/services/rest/record/v1/salesOrder/{ref}']);
      expect(calls[0]).toMatchObject({ system: 'tax', status: 200, correlationId: 'corr-42' });
    });
  });
});
