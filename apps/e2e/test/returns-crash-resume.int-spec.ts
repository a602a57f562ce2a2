import { randomUUID } from 'crypto';
import { eventually, Stack, startStack } from '../src/stack';

/**
 * The returns process is killed (SIGKILL, by its own fault hook) after the refund step has
 * committed and just before the ERP credit memo. A new process on the same schema and NATS
 * namespace resumes the workflow: the payment provider holds exactly one refund and the ERP
 * exactly one credit memo.
 */
const DC = 'CR-DC-1';
const STORE = 'CR-STORE-1';

async function seed(stack: Stack) {
  const put = (path: string, body: unknown) => stack.call('master-data', 'PUT', path, body);
  for (const [id, type] of [
    [DC, 'dc'],
    [STORE, 'store'],
  ]) {
    const capabilities = {
      ship: type === 'dc',
      pickup: type === 'store',
      shipFromStore: false,
      returns: true,
    };
    expect(
      (await put(`/v1/locations/${id}`, { name: id, type, capabilities, version: 1 })).status,
    ).toBeLessThan(300);
  }
  const product = {
    name: 'Jacket',
    erpItemId: 'ITEM-JACKET',
    status: 'active',
    serialTracked: false,
    lotTracked: false,
    returnable: true,
    returnWindowDays: 30,
    restockingFeePercent: 5,
    version: 1,
  };
  expect((await put('/v1/products/CR-JACKET', product)).status).toBeLessThan(300);
  await eventually(async () => {
    const res = await stack.call('inventory', 'POST', '/v1/inventory/movements', [
      {
        eventId: 'seed-jacket',
        source: 'e2e-wms',
        sourceSequence: 1,
        occurredAt: new Date().toISOString(),
        type: 'receipt',
        sku: 'CR-JACKET',
        locationId: DC,
        quantity: 10,
      },
    ]);
    return res.status === 200;
  });
}

async function shippedOrder(stack: Stack): Promise<string> {
  const created = await stack.call('order-ingestion', 'POST', '/v1/orders', {
    channel: 'shopify',
    channelOrderId: `CR-${randomUUID()}`,
    orderedAt: new Date().toISOString(),
    currency: 'EUR',
    customer: { channelCustomerId: 'cr-customer' },
    shippingAddress: {
      name: 'A',
      line1: 'Street 1',
      city: 'Köln',
      postalCode: '50667',
      countryCode: 'DE',
    },
    lines: [
      {
        lineId: 'L1',
        sku: 'CR-JACKET',
        quantity: 2,
        unitPrice: 8999,
        discount: 1000,
        tax: 3040,
        fulfillment: { type: 'ship', locationId: DC },
      },
    ],
    payment: {
      status: 'captured',
      method: 'card',
      reference: `pay-${randomUUID()}`,
      amount: 20038,
    },
  });
  expect(created.status).toBe(202);
  const orderId = created.body.orderId;
  await eventually(async () => {
    const res = await stack.call('order-ingestion', 'GET', `/v1/orders/${orderId}`);
    return ['reserved', 'awaiting_erp', 'erp_confirmed'].includes(res.body?.status);
  }, 45_000);
  const shipped = await stack.call('order-ingestion', 'POST', '/v1/fulfillment-events', {
    eventId: `${orderId}-shipped`,
    orderId,
    type: 'shipped',
    lines: [{ lineId: 'L1', quantity: 2 }],
    locationId: DC,
    occurredAt: new Date().toISOString(),
  });
  expect(shipped.status).toBeLessThan(300);
  return orderId;
}

jest.setTimeout(120_000);

describe('returns killed between the refund and the ERP credit memo', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        returns: {
          RETURNS_FAULT_BEFORE_STEP: 'erp_credit',
          RETURNS_FAULT_MODE: 'exit',
          RETURNS_STEP_LEASE_MS: '1000',
        },
      },
    });
    await seed(stack);
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it('resumes in a new process and produces exactly one refund and one credit memo', async () => {
    const orderId = await shippedOrder(stack);
    const key = randomUUID();
    const created = await eventually(async () => {
      const res = await stack.call(
        'returns',
        'POST',
        '/v1/returns',
        {
          orderId,
          channel: 'pos',
          locationId: STORE,
          lines: [{ lineId: 'L1', quantity: 1, reasonCode: 'defect' }],
          resolution: 'refund',
        },
        { 'idempotency-key': key },
      );
      return res.status === 201 ? res : undefined;
    });
    const id = created.body.returnId;
    await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {});
    await stack.call('returns', 'POST', `/v1/returns/${id}/inspection`, {
      lines: [{ lineId: 'L1', condition: 'defective' }],
    });

    // The process kills itself right before the ERP credit step.
    await eventually(async () => {
      const res = await fetch(`${stack.url('returns')}/health/live`).catch(() => undefined);
      return res === undefined;
    }, 45_000);
    const before = (await stack.call('backoffice-simulator', 'GET', '/admin/stats')).body;
    expect(before.payments.refunds.created).toBe(1);
    expect(before.erp.creditMemos.created).toBe(0);

    await stack.restart('returns', { RETURNS_FAULT_BEFORE_STEP: '' });
    const closed = await eventually(async () => {
      const res = await stack.call('returns', 'GET', `/v1/returns/${id}`);
      return res.body?.status === 'closed' ? res.body : undefined;
    }, 45_000);

    const after = (await stack.call('backoffice-simulator', 'GET', '/admin/stats')).body;
    expect(after.payments.refunds).toMatchObject({ created: 1 });
    expect(after.erp.creditMemos).toMatchObject({ created: 1 });
    expect(after.erp.returnAuthorizations).toMatchObject({ created: 1 });
    expect(closed.erpCreditMemoId).toEqual(expect.any(String));
    // Defective: no restocking fee. 8999 - 500 discount + 1520 tax.
    expect(closed.refund).toMatchObject({ restockingFeeTotal: 0, total: 8999 - 500 + 1520 });
    const steps = Object.fromEntries(
      closed.steps.map((s: { step: string; state: string }) => [s.step, s.state]),
    );
    expect(steps).toMatchObject({ refund: 'done', erp_credit: 'done', close: 'done' });
  });
});
