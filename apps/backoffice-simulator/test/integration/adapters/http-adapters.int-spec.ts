import request from 'supertest';
import {
  BackofficeRejectedError,
  BackofficeUnavailableError,
  backofficeOptionsFromEnv,
  createBackofficeAdapters,
  type RefundResult,
} from '@retail/backoffice-adapters';
// Test-only: the simulator app is the stand-in these adapters are proven against, started
// in-process. Library code never imports an app.

import { RunningSimulator, startSimulator } from '../../support/start-simulator';

describe('WMS, payments and tax adapters against the back-office simulator', () => {
  let sim: RunningSimulator;
  let sut: ReturnType<typeof createBackofficeAdapters>;
  const ctx = { correlationId: 'corr-http' };
  const admin = () => request(sim.baseUrl);

  beforeAll(async () => {
    sim = await startSimulator();
    const env = {
      ERP_BASE_URL: sim.baseUrl,
      WMS_BASE_URL: sim.baseUrl,
      PAYMENTS_BASE_URL: sim.baseUrl,
      TAX_BASE_URL: sim.baseUrl,
    };
    sut = createBackofficeAdapters(backofficeOptionsFromEnv(env));
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await admin().post('/admin/reset').expect(200);
  });

  it('lists the refunds of a window with their metadata, page by page, and finds one by id', async () => {
    const from = new Date(Date.now() - 60_000);
    const made: RefundResult[] = [];
    for (const n of [1, 2, 3]) {
      made.push(
        await sut.payments.refund(
          {
            idempotencyKey: `list-${n}`,
            paymentReference: `pay_${n}`,
            amount: 100 * n,
            currency: 'EUR',
            metadata: { returnId: `ret-${n}` },
          },
          ctx,
        ),
      );
    }
    const to = new Date(Date.now() + 60_000);

    const listed = await sut.payments.listRefunds({ from, to }, ctx);
    expect(listed.map((r) => r.refundId).sort()).toEqual(made.map((m) => m.refundId).sort());
    const second = listed.find((r) => r.refundId === made[1].refundId);
    expect(second).toMatchObject({
      status: 'succeeded',
      amount: 200,
      currency: 'EUR',
      paymentReference: 'pay_2',
      metadata: { returnId: 'ret-2' },
    });
    expect(
      await sut.payments.listRefunds({ from: to, to: new Date(to.getTime() + 1000) }, ctx),
    ).toEqual([]);
    expect(await sut.payments.findRefund(made[0].refundId, ctx)).toMatchObject({ amount: 100 });
    expect(await sut.payments.findRefund(`re_${'0'.repeat(32)}`, ctx)).toBeUndefined();

    // Stripe's paging: newest first, `starting_after` the last id of the page before.
    const first = await admin().get('/payments/v1/refunds').query({ limit: 2 }).expect(200);
    expect(first.body).toMatchObject({ object: 'list', has_more: true });
    expect(first.body.data).toHaveLength(2);
    const next = await admin()
      .get('/payments/v1/refunds')
      .query({ limit: 2, starting_after: first.body.data[1].id })
      .expect(200);
    expect(next.body.has_more).toBe(false);
    const ids = [...first.body.data, ...next.body.data].map((r: { id: string }) => r.id);
    expect(ids).toEqual([...made].reverse().map((m) => m.refundId));
    await admin().get('/payments/v1/refunds').query({ limit: 101 }).expect(400);
  });

  it('refunds once per idempotency key; a replay is flagged duplicate', async () => {
    const refund = {
      idempotencyKey: 'ret_1_refund',
      paymentReference: 'pay_1',
      amount: 1500,
      currency: 'EUR',
    };

    const first = await sut.payments.refund(refund, ctx);
    const again = await sut.payments.refund(refund, ctx);
    const other = await sut.payments.refund({ ...refund, amount: 1 }, ctx).catch((e: unknown) => e);

    expect(first).toMatchObject({ status: 'succeeded', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(other).toBeInstanceOf(BackofficeRejectedError);
    const stats = (await admin().get('/admin/stats').expect(200)).body;
    expect(stats.payments.refunds).toEqual({ created: 1, duplicate: 1, failed: 0 });
  });

  it('maps a down payment provider to BackofficeUnavailableError', async () => {
    await admin()
      .post('/admin/faults')
      .send({ payments: { mode: 'down' } })
      .expect(200);

    const error = await sut.payments
      .refund({ idempotencyKey: 'k', paymentReference: 'p', amount: 1, currency: 'EUR' }, ctx)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BackofficeUnavailableError);
    expect(error).toMatchObject({ system: 'payments', status: 503 });
  });

  it('requests fulfillment and transfer once each and reads shipments by cursor', async () => {
    const fulfillment = {
      requestId: 'ful_1',
      orderId: 'ord_1',
      locationId: 'DC1',
      lines: [{ lineId: 'l1', sku: 'SKU-1', quantity: 1 }],
    };
    const first = await sut.wms.requestFulfillment(fulfillment, ctx);
    const again = await sut.wms.requestFulfillment(fulfillment, ctx);
    await sut.wms.requestTransfer(
      {
        requestId: 'tr_1',
        fromLocationId: 'DC1',
        toLocationId: 'S1',
        lines: [{ sku: 'SKU-1', quantity: 2 }],
      },
      ctx,
    );
    await admin().post('/admin/wms/fulfillment-requests/ful_1/ship').expect(200);

    const feed = await sut.wms.listShipments({}, ctx);
    const empty = await sut.wms.listShipments({ cursor: feed.cursor }, ctx);

    expect(first).toMatchObject({ status: 'accepted', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(feed.shipments).toHaveLength(1);
    expect(feed.shipments[0]).toMatchObject({
      type: 'shipped',
      orderId: 'ord_1',
      requestId: 'ful_1',
    });
    expect(empty.shipments).toHaveLength(0);
  });

  it('hands goods to a disposition partner once per key, counted in the stats, and refuses an unknown disposition', async () => {
    const transfer = {
      requestId: 'ret_1-liquidation',
      fromLocationId: 'S1',
      partnerId: 'LIQ-1',
      dispositionType: 'LIQUIDATION' as const,
      reference: 'ret_1',
      lines: [
        { sku: 'SKU-1', quantity: 2, lotNumber: 'LOT-7' },
        { sku: 'SKU-2', quantity: 1 },
      ],
    };
    const first = await sut.wms.requestDispositionTransfer(transfer, ctx);
    const again = await sut.wms.requestDispositionTransfer(transfer, ctx);
    const bad = await sut.wms
      .requestDispositionTransfer(
        { ...transfer, requestId: 'ret_2-liquidation', dispositionType: 'BURN' as never },
        ctx,
      )
      .catch((e: unknown) => e);

    expect(first).toMatchObject({ status: 'STARTED', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(bad).toBeInstanceOf(BackofficeRejectedError);
    const stats = (await admin().get('/admin/stats').expect(200)).body;
    expect(stats.wms.dispositionTransfers).toEqual({ created: 1, duplicate: 1, units: 3 });
    // A disposition is collected by the partner: it never shows as a shipment confirmation.
    expect((await sut.wms.listShipments({}, ctx)).shipments).toHaveLength(0);
  });

  it('quotes an itemised tax reversal', async () => {
    const quote = await sut.tax.quoteReversal(
      {
        currency: 'EUR',
        lines: [{ lineId: 'l1', quantity: 1, originalQuantity: 2, originalTax: 399 }],
      },
      ctx,
    );

    expect(quote.lines).toEqual([{ lineId: 'l1', quantity: 1, taxAmount: 200 }]);
    expect(quote.totalTax).toBe(200);
  });

  it('charges a payment method once per key, replays the key, and answers a decline as a result', async () => {
    const charge = {
      idempotencyKey: 'exchange-settle-r1',
      paymentReference: 'pay-1',
      amount: 1190,
      currency: 'EUR',
      metadata: { returnId: 'r1' },
    };
    const first = await sut.payments.charge(charge, ctx);
    const again = await sut.payments.charge(charge, ctx);
    expect(first).toMatchObject({ status: 'succeeded', duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await sut.payments.findCharge(first.chargeId, ctx)).toMatchObject({
      amount: 1190,
      paymentReference: 'pay-1',
      metadata: { returnId: 'r1' },
    });
    expect(await sut.payments.findCharge(`ch_${'0'.repeat(32)}`, ctx)).toBeUndefined();
    const declined = await sut.payments.charge(
      { ...charge, idempotencyKey: 'k-2', paymentReference: 'DECLINE-1' },
      ctx,
    );
    expect(declined).toMatchObject({ status: 'failed', failureReason: 'card_declined' });
    await expect(sut.payments.charge({ ...charge, amount: 1 }, ctx)).rejects.toBeInstanceOf(
      BackofficeRejectedError,
    );
    const stats = (await admin().get('/admin/stats').expect(200)).body.payments;
    expect(stats.charges).toEqual({ created: 2, duplicate: 1, failed: 1 });
    expect(stats.refunds.created).toBe(0);
  });

  it('holds an authorization, captures it once per key, and refuses to void what it captured', async () => {
    const hold = {
      idempotencyKey: 'exchange-advance-r2',
      paymentReference: 'pay-2',
      amount: 3570,
      currency: 'EUR',
      metadata: { returnId: 'r2' },
    };
    const held = await sut.payments.authorize(hold, ctx);
    expect(held).toMatchObject({ status: 'requires_capture', amount: 3570, duplicate: false });
    expect(held.authorizationId).toMatch(/^pi_/);
    expect(await sut.payments.authorize(hold, ctx)).toEqual({ ...held, duplicate: true });
    let stats = (await admin().get('/admin/stats').expect(200)).body.payments;
    expect(stats.authorizations).toMatchObject({ created: 1, duplicate: 1, held: 1, captured: 0 });
    expect(stats.charges.created).toBe(0);

    const capture = { idempotencyKey: 'exchange-capture-r2', amount: 3000 };
    const captured = await sut.payments.capture(held.authorizationId, capture, ctx);
    expect(captured).toMatchObject({ status: 'succeeded', amountReceived: 3000, duplicate: false });
    const replayed = await sut.payments.capture(held.authorizationId, capture, ctx);
    expect(replayed).toEqual({ ...captured, duplicate: true });
    // Another key on a captured authorization: Stripe's payment_intent_unexpected_state.
    for (const call of [
      () => sut.payments.capture(held.authorizationId, { idempotencyKey: 'other' }, ctx),
      () => sut.payments.void(held.authorizationId, { idempotencyKey: 'exchange-void-r2' }, ctx),
    ])
      await expect(call()).rejects.toMatchObject({ status: 400 });
    // The same key with another amount is a different request.
    await expect(
      sut.payments.capture(held.authorizationId, { ...capture, amount: 1 }, ctx),
    ).rejects.toBeInstanceOf(BackofficeRejectedError);
    const shown = await admin().get(`/payments/v1/authorizations/${held.authorizationId}`);
    expect(shown.body).toMatchObject({ status: 'succeeded', amountReceived: 3000 });
    stats = (await admin().get('/admin/stats').expect(200)).body.payments;
    expect(stats.authorizations).toMatchObject({
      held: 0,
      captured: 1,
      voided: 0,
      actionDuplicate: 1,
    });
  });

  it('voids a held authorization once, and answers a declined one as a result', async () => {
    const held = await sut.payments.authorize(
      { idempotencyKey: 'a-3', paymentReference: 'pay-3', amount: 500, currency: 'EUR' },
      ctx,
    );
    const voided = await sut.payments.void(held.authorizationId, { idempotencyKey: 'v-3' }, ctx);
    expect(voided).toMatchObject({ status: 'canceled', amountReceived: 0, duplicate: false });
    expect(
      await sut.payments.void(held.authorizationId, { idempotencyKey: 'v-3' }, ctx),
    ).toMatchObject({ status: 'canceled', duplicate: true });
    await expect(
      sut.payments.capture(held.authorizationId, { idempotencyKey: 'c-3' }, ctx),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      sut.payments.void(`pi_${'0'.repeat(32)}`, { idempotencyKey: 'v-4' }, ctx),
    ).rejects.toMatchObject({ status: 404 });
    const declined = await sut.payments.authorize(
      { idempotencyKey: 'a-5', paymentReference: 'DECLINE-5', amount: 500, currency: 'EUR' },
      ctx,
    );
    expect(declined).toMatchObject({ status: 'failed', failureReason: 'card_declined' });
    const stats = (await admin().get('/admin/stats').expect(200)).body.payments;
    expect(stats.authorizations).toMatchObject({
      created: 2,
      failed: 1,
      held: 0,
      captured: 0,
      voided: 1,
    });
  });
});
