import { randomUUID } from 'crypto';
import { eventually, Stack, startStack } from '../src/stack';
import { authorizeReturn } from '../src/returns';

/**
 * Exchanges as retailers run them (ADR 0036), across the process stack: the back-office
 * simulator (payments), master-data, inventory, order-ingestion and returns, each its own
 * process. An online order (2000 + 380 tax, paid by card) is exchanged for a dearer or cheaper
 * item: the customer pays or receives exactly the difference, tax included, once; the
 * replacement order names its return and the return names its replacement order. An advance
 * exchange holds the replacement's value on the card (ADR 0043): voided when the goods come back,
 * captured exactly once when the window passes without them.
 */
const DC = 'EX-DC-1';
const STORE = 'EX-STORE-1';
const ADDRESS = {
  name: 'A',
  line1: 'Street 1',
  city: 'Köln',
  postalCode: '50667',
  countryCode: 'DE',
};

const product = (erpItemId: string) => ({
  name: erpItemId,
  erpItemId,
  status: 'active',
  serialTracked: false,
  lotTracked: false,
  returnable: true,
  returnWindowDays: 30,
  restockingFeePercent: 10,
  version: 1,
});

const location = (type: 'dc' | 'store') => ({
  name: type,
  type,
  capabilities: {
    ship: type === 'dc',
    pickup: type === 'store',
    shipFromStore: false,
    returns: true,
  },
  version: 1,
});

async function seed(stack: Stack) {
  const put = (path: string, body: unknown) => stack.call('master-data', 'PUT', path, body);
  expect((await put(`/v1/locations/${DC}`, location('dc'))).status).toBeLessThan(300);
  expect((await put(`/v1/locations/${STORE}`, location('store'))).status).toBeLessThan(300);
  for (const sku of ['EX-SHIRT', 'EX-JACKET', 'EX-SOCKS'])
    expect((await put(`/v1/products/${sku}`, product(`ITEM-${sku}`))).status).toBeLessThan(300);
  const receipts = ['EX-SHIRT', 'EX-JACKET', 'EX-SOCKS'].flatMap((sku) =>
    [DC, STORE].map((locationId) => ({
      eventId: `seed-${sku}-${locationId}`,
      source: 'e2e-wms',
      sourceSequence: 1,
      occurredAt: new Date().toISOString(),
      type: 'receipt',
      sku,
      locationId,
      quantity: 50,
    })),
  );
  await eventually(async () => {
    const res = await stack.call('inventory', 'POST', '/v1/inventory/movements', receipts);
    return res.status === 200;
  });
}

const getOrder = (stack: Stack, id: string) =>
  stack.call('order-ingestion', 'GET', `/v1/orders/${id}`);

/** Sends the lines of `orderId` out (shipped, then delivered) from `locationId`. */
async function ship(stack: Stack, orderId: string, lineIds: string[], locationId: string) {
  for (const type of ['shipped', 'delivered']) {
    const res = await stack.call('order-ingestion', 'POST', '/v1/fulfillment-events', {
      eventId: `${orderId}-${type}`,
      orderId,
      type,
      lines: lineIds.map((lineId) => ({ lineId, quantity: 1 })),
      locationId,
      occurredAt: new Date().toISOString(),
    });
    expect(res.status).toBeLessThan(300);
  }
}

/** A shopify order of one EX-SHIRT (2000 + 380 tax) paid by card, reserved and delivered. */
async function deliveredOrder(stack: Stack, paymentReference: string): Promise<string> {
  const created = await stack.call('order-ingestion', 'POST', '/v1/orders', {
    channel: 'shopify',
    channelOrderId: `EX-${randomUUID()}`,
    orderedAt: new Date().toISOString(),
    currency: 'EUR',
    customer: { channelCustomerId: `cust-${randomUUID().slice(0, 8)}` },
    shippingAddress: ADDRESS,
    lines: [
      {
        lineId: 'L1',
        sku: 'EX-SHIRT',
        quantity: 1,
        unitPrice: 2000,
        discount: 0,
        tax: 380,
        fulfillment: { type: 'ship', locationId: DC },
      },
    ],
    payment: { status: 'captured', method: 'card', reference: paymentReference, amount: 2380 },
  });
  expect(created.status).toBe(202);
  const orderId: string = created.body.orderId;
  await reserved(stack, orderId);
  await ship(stack, orderId, ['L1'], DC);
  return orderId;
}

const reserved = (stack: Stack, orderId: string) =>
  eventually(async () => {
    const res = await getOrder(stack, orderId);
    return ['reserved', 'awaiting_erp', 'erp_confirmed'].includes(res.body?.status) && res.body;
  }, 45_000);

/** An exchange of line L1 at the store; `extra` names the replacement and how it is settled. */
const exchange = (stack: Stack, orderId: string, extra: Record<string, unknown>) =>
  authorizeReturn(stack, {
    orderId,
    channel: 'pos',
    locationId: STORE,
    lines: [{ lineId: 'L1', quantity: 1, reasonCode: 'wrong_size' }],
    resolution: 'exchange',
    ...extra,
  });

/** An advance exchange of the shirt for a 3000 + 570 jacket; answers the return's id. */
async function advanceJacketExchange(stack: Stack, orderId: string, fulfillment: string) {
  const created = await exchange(stack, orderId, {
    exchangeLines: [{ lineId: 'L1', sku: 'EX-JACKET', quantity: 1, unitPrice: 3000 }],
    exchange: { fulfillment, advance: true },
  });
  expect(created.status).toBe(201);
  return created.body.returnId as string;
}

const getReturn = async (stack: Stack, id: string) =>
  (await stack.call('returns', 'GET', `/v1/returns/${id}`)).body;

const waitReturn = (stack: Stack, id: string, ready: (r: any) => boolean) =>
  eventually(async () => {
    const r = await getReturn(stack, id);
    return ready(r) ? r : undefined;
  }, 60_000);

async function receiveAndInspect(stack: Stack, id: string) {
  expect((await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {})).status).toBe(200);
  const inspected = await stack.call('returns', 'POST', `/v1/returns/${id}/inspection`, {
    lines: [{ lineId: 'L1', condition: 'new' }],
  });
  expect(inspected.status).toBe(200);
}

const payments = async (stack: Stack) =>
  (await stack.call('backoffice-simulator', 'GET', '/admin/stats')).body.payments;

/** What the payment provider did since `before` (a `payments(stack)` reading). */
async function movedSince(stack: Stack, before: any) {
  const now = await payments(stack);
  const delta = (path: (p: any) => number) => path(now) - path(before);
  return {
    authorized: delta((p) => p.authorizations.created),
    declined: delta((p) => p.authorizations.failed),
    held: delta((p) => p.authorizations.held),
    captured: delta((p) => p.authorizations.captured),
    voided: delta((p) => p.authorizations.voided),
    replayedActions: delta((p) => p.authorizations.actionDuplicate),
    charged: delta((p) => p.charges.created),
    refunded: delta((p) => p.refunds.created),
    dropped: delta((p) => p.requests.droppedAfterCommit),
  };
}

const authorizationOf = async (stack: Stack, id: string) =>
  (await stack.call('backoffice-simulator', 'GET', `/payments/v1/authorizations/${id}`)).body;

/** The simulator's payments commit, then drop the connection (on) or answer again (off). */
async function dropPaymentAnswers(stack: Stack, on: boolean) {
  const res = await stack.call('backoffice-simulator', 'POST', '/admin/faults', {
    payments: { dropResponseAfterCommit: on },
  });
  expect(res.status).toBe(200);
}

jest.setTimeout(180_000);

describe('exchanges across the stack', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion', 'returns'],
      env: { returns: { RETURNS_APPROVAL_THRESHOLD: '1000000' } },
    });
    await seed(stack);
  }, 240_000);
  afterAll(() => stack?.stop(), 60_000);

  it('charges exactly the difference, tax included, once, for a dearer replacement shipped to the customer', async () => {
    const card = `pay-${randomUUID()}`;
    const orderId = await deliveredOrder(stack, card);
    const before = await payments(stack);
    // 3000 net at the shirt's 19 %: 3000 + 570 = 3570 against 2380 paid: 1190 to pay.
    const created = await exchange(stack, orderId, {
      exchangeLines: [{ lineId: 'L1', sku: 'EX-JACKET', quantity: 1, unitPrice: 3000 }],
      exchange: { fulfillment: 'ship' },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.returnId;
    // No restocking fee is kept from an exchange's credit.
    expect(created.body.refundEstimate.total).toBe(2380);
    expect(created.body.exchangeEstimate).toEqual({
      replacementTotal: 3570,
      credit: 2380,
      difference: 1190,
    });
    await receiveAndInspect(stack, id);
    const closed = await waitReturn(stack, id, (r) => r?.status === 'closed');

    expect(closed.exchange.replacementTotal).toBe(3570);
    expect(closed.exchange.payments).toEqual([
      expect.objectContaining({ kind: 'charge', purpose: 'settle', amount: 1190 }),
    ]);
    const chargeId = closed.exchange.payments[0].reference;
    const charge = await stack.call(
      'backoffice-simulator',
      'GET',
      `/payments/v1/charges/${chargeId}`,
    );
    expect(charge.body).toMatchObject({
      amount: 1190,
      currency: 'EUR',
      paymentReference: card,
      status: 'succeeded',
    });
    const after = await payments(stack);
    expect(after.charges.created - before.charges.created).toBe(1);
    expect(after.charges.duplicate - before.charges.duplicate).toBe(0);
    expect(after.refunds.created - before.refunds.created).toBe(0);

    // Linked both ways; shipped to the order's address; paid by the credit and the charge.
    const replacement = (await getOrder(stack, closed.replacementOrderId)).body;
    expect(replacement.exchangeForReturnId).toBe(id);
    expect(replacement.channelOrderId).toBe(`EXCH-${id}`);
    expect(replacement.shippingAddress).toMatchObject({ line1: 'Street 1', city: 'Köln' });
    expect(replacement.lines).toEqual([
      expect.objectContaining({
        sku: 'EX-JACKET',
        unitPrice: 3000,
        tax: 570,
        fulfillment: expect.objectContaining({ type: 'ship' }),
      }),
    ]);
    expect(replacement.payment).toMatchObject({ amount: 3570, reference: card });
    expect(replacement.payments.map((p: { amount: number }) => p.amount)).toEqual([1190, 2380]);
  });

  it('refunds exactly the difference for a cheaper replacement picked up in the store', async () => {
    const card = `pay-${randomUUID()}`;
    const orderId = await deliveredOrder(stack, card);
    const before = await payments(stack);
    // 1000 net + 190 tax = 1190 against 2380 paid: 1190 back.
    const created = await exchange(stack, orderId, {
      exchangeLines: [{ lineId: 'L1', sku: 'EX-SOCKS', quantity: 1, unitPrice: 1000 }],
    });
    expect(created.status).toBe(201);
    const id: string = created.body.returnId;
    await receiveAndInspect(stack, id);
    const closed = await waitReturn(stack, id, (r) => r?.status === 'closed');

    expect(closed.exchange.payments).toEqual([
      expect.objectContaining({ kind: 'refund', purpose: 'settle', amount: 1190 }),
    ]);
    expect(closed.refundReference).toBe(closed.exchange.payments[0].reference);
    const refund = await stack.call(
      'backoffice-simulator',
      'GET',
      `/payments/v1/refunds/${closed.refundReference}`,
    );
    expect(refund.body).toMatchObject({ amount: 1190, paymentReference: card });
    const after = await payments(stack);
    expect(after.refunds.created - before.refunds.created).toBe(1);
    expect(after.charges.created - before.charges.created).toBe(0);
    const replacement = (await getOrder(stack, closed.replacementOrderId)).body;
    expect(replacement.exchangeForReturnId).toBe(id);
    expect(replacement.lines[0].fulfillment).toEqual({ type: 'pickup', locationId: STORE });
    expect(replacement.payment).toMatchObject({ method: 'exchange', amount: 1190 });
  });

  it('ships an advance exchange before the return arrives on a held authorization, voided when the goods come back', async () => {
    const card = `pay-${randomUUID()}`;
    const orderId = await deliveredOrder(stack, card);
    const before = await payments(stack);
    const id = await advanceJacketExchange(stack, orderId, 'ship');

    // The replacement is placed and shipped on a hold of its value (3570): nothing is taken.
    const placed = await waitReturn(stack, id, (r) => !!r?.replacementOrderId);
    expect(placed.status).toBe('authorized');
    expect(Date.parse(placed.exchange.dueBy)).toBeGreaterThan(Date.now());
    expect(placed.exchange.payments).toEqual([]);
    expect(placed.exchange.hold).toMatchObject({
      idempotencyKey: `exchange-advance-${id}`,
      amount: 3570,
      state: 'held',
    });
    const authorizationId: string = placed.exchange.hold.authorizationId;
    expect(await authorizationOf(stack, authorizationId)).toMatchObject({
      status: 'requires_capture',
      amount: 3570,
      amountReceived: 0,
      paymentReference: card,
    });
    expect(await movedSince(stack, before)).toMatchObject({
      authorized: 1,
      held: 1,
      captured: 0,
      charged: 0,
    });

    const replacementId: string = placed.replacementOrderId;
    const replacement = await reserved(stack, replacementId);
    expect(replacement.exchangeForReturnId).toBe(id);
    await ship(stack, replacementId, ['X1'], DC);
    const shipped = await eventually(async () => {
      const o = (await getOrder(stack, replacementId)).body;
      return o?.lines?.[0]?.shippedQuantity === 1 && o;
    });
    expect(shipped.status).toBe('fulfilled');
    expect((await getReturn(stack, id)).status).toBe('authorized');

    // Then the goods come back: the hold is voided, the difference (1190) is charged once.
    await receiveAndInspect(stack, id);
    const closed = await waitReturn(stack, id, (r) => r?.status === 'closed');
    expect(closed.replacementOrderId).toBe(replacementId);
    expect(closed.exchange.hold.state).toBe('voided');
    expect(closed.exchange.payments).toEqual([
      expect.objectContaining({ kind: 'charge', purpose: 'settle', amount: 1190 }),
    ]);
    expect(await authorizationOf(stack, authorizationId)).toMatchObject({
      status: 'canceled',
      amountReceived: 0,
    });
    expect(await movedSince(stack, before)).toMatchObject({
      authorized: 1,
      held: 0,
      voided: 1,
      captured: 0,
      charged: 1,
      refunded: 0,
    });
    const events = closed.timeline.map((t: { event: string }) => t.event);
    expect(events.indexOf('exchange authorization held')).toBeLessThan(
      events.indexOf('replacement order'),
    );
    expect(events.indexOf('replacement order')).toBeLessThan(events.indexOf('received'));
    expect(events.indexOf('received')).toBeLessThan(
      events.indexOf('exchange authorization voided'),
    );
  });

  it('grants no advance when the card refuses the authorization', async () => {
    const orderId = await deliveredOrder(stack, `DECLINE-${randomUUID()}`);
    const before = await payments(stack);
    const id = await advanceJacketExchange(stack, orderId, 'ship');
    const refused = await waitReturn(stack, id, (r) => r?.status === 'exception');
    expect(refused.statusReason).toContain('refused the advance exchange authorization');
    expect(refused.replacementOrderId ?? null).toBeNull();
    expect(refused.exchange.hold).toBeUndefined();
    expect(await movedSince(stack, before)).toMatchObject({ declined: 1, held: 0, charged: 0 });
  });
});

describe('an advance exchange whose goods never come back', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion', 'returns'],
      env: {
        returns: {
          RETURNS_APPROVAL_THRESHOLD: '1000000',
          RETURNS_ADVANCE_EXCHANGE_WINDOW_SECONDS: '8',
        },
      },
    });
    await seed(stack);
  }, 240_000);
  afterAll(() => stack?.stop(), 60_000);

  it('captures the hold exactly once when the window passes, through a dropped answer, and refuses the goods after', async () => {
    const card = `pay-${randomUUID()}`;
    const orderId = await deliveredOrder(stack, card);
    const before = await payments(stack);
    const id = await advanceJacketExchange(stack, orderId, 'pickup');
    const placed = await waitReturn(stack, id, (r) => r?.exchange?.hold?.state === 'held');
    // The provider commits the capture and then drops its answer, once: the retry replays it.
    await dropPaymentAnswers(stack, true);
    await eventually(
      async () =>
        (await payments(stack)).requests.droppedAfterCommit > before.requests.droppedAfterCommit &&
        true,
      30_000,
    );
    await dropPaymentAnswers(stack, false);

    const lapsed = await waitReturn(stack, id, (r) => r?.status === 'rejected');
    expect(lapsed.statusReason).toContain('advance exchange: goods not received');
    expect(lapsed.exchange.lapsedAt).toEqual(expect.any(String));
    // Nothing was taken in advance: the whole 3570 replacement is captured from the hold.
    expect(lapsed.exchange.hold).toMatchObject({ amount: 3570, state: 'captured' });
    expect(lapsed.exchange.payments).toEqual([
      expect.objectContaining({
        kind: 'charge',
        purpose: 'unreturned',
        amount: 3570,
        idempotencyKey: `exchange-capture-${id}`,
        reference: placed.exchange.hold.authorizationId,
      }),
    ]);
    expect(await authorizationOf(stack, placed.exchange.hold.authorizationId)).toMatchObject({
      status: 'succeeded',
      amountReceived: 3570,
      paymentReference: card,
    });
    // One hold, one capture; the retry after the dropped answer was a replay, nothing new.
    expect(await movedSince(stack, before)).toMatchObject({
      authorized: 1,
      captured: 1,
      replayedActions: 1,
      dropped: 1,
      voided: 0,
      charged: 0,
    });
    expect((await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {})).status).toBe(409);
    const replacement = (await getOrder(stack, lapsed.replacementOrderId)).body;
    expect(replacement.exchangeForReturnId).toBe(id);
  });
});
