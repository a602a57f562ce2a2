import { randomUUID } from 'crypto';
import { eventually, Stack, startStack } from '../src/stack';
import { authorizeReturn } from '../src/returns';

/**
 * Returns reach everywhere (ADR 0040), across the process stack: the back-office simulator,
 * master-data, inventory, order-ingestion and returns, each its own process. A lot-tracked lamp
 * ships from the DC with its lot recorded; a return naming another lot is refused; the returned
 * unit is found defective and scrapped: one ERP write-off and one liquidation transfer, counted in
 * the simulator; the order shows the unit returned and the return that took it.
 */
const DC = 'RR-DC-1';
const STORE = 'RR-STORE-1';
const SKU = 'RR-LAMP';
const LOT = 'LOT-2026-A';
const PARTNER = 'LIQ-PARTNER-1';

async function seed(stack: Stack) {
  const put = (path: string, body: unknown) => stack.call('master-data', 'PUT', path, body);
  for (const [id, type] of [
    [DC, 'dc'],
    [STORE, 'store'],
  ]) {
    const res = await put(`/v1/locations/${id}`, {
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
    expect(res.status).toBeLessThan(300);
  }
  const lamp = await put(`/v1/products/${SKU}`, {
    name: 'Lamp',
    erpItemId: 'ITEM-LAMP',
    status: 'active',
    serialTracked: false,
    lotTracked: true,
    returnable: true,
    returnWindowDays: 30,
    restockingFeePercent: 0,
    version: 1,
  });
  expect(lamp.status).toBeLessThan(300);
  await eventually(async () => {
    const res = await stack.call('inventory', 'POST', '/v1/inventory/movements', [
      {
        eventId: `seed-${SKU}`,
        source: 'e2e-wms',
        sourceSequence: 1,
        occurredAt: new Date().toISOString(),
        type: 'receipt',
        sku: SKU,
        locationId: DC,
        quantity: 20,
      },
    ]);
    return res.status === 200;
  });
}

const getOrder = async (stack: Stack, id: string) =>
  (await stack.call('order-ingestion', 'GET', `/v1/orders/${id}`)).body;

/** Two lamps ordered, reserved, shipped with their lot and delivered. */
async function deliveredOrder(stack: Stack): Promise<string> {
  const created = await stack.call('order-ingestion', 'POST', '/v1/orders', {
    channel: 'shopify',
    channelOrderId: `RR-${randomUUID()}`,
    orderedAt: new Date().toISOString(),
    currency: 'EUR',
    customer: { channelCustomerId: `cust-${randomUUID().slice(0, 8)}` },
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
        sku: SKU,
        quantity: 2,
        unitPrice: 1500,
        discount: 0,
        tax: 570,
        fulfillment: { type: 'ship', locationId: DC },
      },
    ],
    payment: { status: 'captured', method: 'card', reference: `pay-${randomUUID()}`, amount: 3570 },
  });
  expect(created.status).toBe(202);
  const orderId: string = created.body.orderId;
  await eventually(async () => {
    const o = await getOrder(stack, orderId);
    return ['reserved', 'awaiting_erp', 'erp_confirmed'].includes(o?.status);
  }, 45_000);
  for (const type of ['shipped', 'delivered']) {
    const res = await stack.call('order-ingestion', 'POST', '/v1/fulfillment-events', {
      eventId: `${orderId}-${type}`,
      orderId,
      type,
      lines: [{ lineId: 'L1', quantity: 2, ...(type === 'shipped' ? { lotNumber: LOT } : {}) }],
      locationId: DC,
      occurredAt: new Date().toISOString(),
    });
    expect(res.status).toBeLessThan(300);
  }
  return orderId;
}

/** A refund return of line L1 at the store, naming `lotNumber`. */
const requestReturn = (stack: Stack, orderId: string, lotNumber: string) =>
  authorizeReturn(stack, {
    orderId,
    channel: 'pos',
    locationId: STORE,
    lines: [{ lineId: 'L1', quantity: 1, reasonCode: 'defective', lotNumber }],
    resolution: 'refund',
  });

const simStats = async (stack: Stack) =>
  (await stack.call('backoffice-simulator', 'GET', '/admin/stats')).body;

const setFaults = async (stack: Stack, faults: Record<string, unknown>) =>
  expect((await stack.call('backoffice-simulator', 'POST', '/admin/faults', faults)).status).toBe(
    200,
  );

const getReturn = async (stack: Stack, id: string) =>
  (await stack.call('returns', 'GET', `/v1/returns/${id}`)).body;

const waitClosed = (stack: Stack, id: string) =>
  eventually(async () => {
    const r = await getReturn(stack, id);
    return r?.status === 'closed' && r;
  }, 60_000);

/** A return of one lamp of the shipped lot, authorized and received at the store. */
async function receivedReturn(stack: Stack, orderId: string): Promise<string> {
  const created = await requestReturn(stack, orderId, LOT);
  expect(created.status).toBe(201);
  const id: string = created.body.returnId;
  expect((await stack.call('returns', 'POST', `/v1/returns/${id}/receive`, {})).status).toBe(200);
  return id;
}

async function inspectDefective(stack: Stack, id: string) {
  const inspected = await stack.call('returns', 'POST', `/v1/returns/${id}/inspection`, {
    lines: [{ lineId: 'L1', condition: 'defective' }],
  });
  expect(inspected.status).toBe(200);
  expect(inspected.body.lines).toEqual([
    { lineId: 'L1', condition: 'defective', disposition: 'scrap' },
  ]);
}

/** What the simulator holds for scrap: write-offs (ERP adjustments) and disposition transfers. */
async function scrapCounts(stack: Stack) {
  const { erp, wms } = await simStats(stack);
  return {
    writeOffs: erp.inventoryAdjustments.created as number,
    writeOffRepeats: erp.inventoryAdjustments.repeated as number,
    writeOffLines: erp.inventoryAdjustments.lines as number,
    transfers: wms.dispositionTransfers.created as number,
    transferRepeats: wms.dispositionTransfers.duplicate as number,
    transferUnits: wms.dispositionTransfers.units as number,
  };
}

jest.setTimeout(180_000);

describe('returns reach everywhere', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion', 'returns'],
      env: {
        returns: {
          RETURNS_APPROVAL_THRESHOLD: '1000000',
          RETURNS_LIQUIDATION_PARTNER_ID: PARTNER,
          RETURNS_SCRAP_ACCOUNT_ID: 'ACC-SCRAP',
        },
        // Inventory's aggregated ERP posting waits an hour, so every adjustment the ERP
        // receives here is a write-off of returns.
        inventory: { ERP_POST_INTERVAL_MS: '3600000' },
      },
    });
    await seed(stack);
  }, 240_000);
  afterAll(() => stack?.stop(), 60_000);

  it('records the lot at shipment and refuses a return of a lot the order never shipped, creating nothing', async () => {
    const orderId = await deliveredOrder(stack);
    const order = await getOrder(stack, orderId);
    expect(order.lines[0]).toMatchObject({
      shippedQuantity: 2,
      lotNumbers: [LOT],
      returnedQuantity: 0,
    });

    const refused = await requestReturn(stack, orderId, 'LOT-NEVER-SHIPPED');
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(refused.body)).toContain(
      'lot LOT-NEVER-SHIPPED was not shipped on this order line',
    );
    const listed = await stack.call('returns', 'GET', `/v1/returns?orderId=${orderId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
  });

  it('scraps a defective unit with one ERP write-off and one liquidation transfer, and the order shows it returned', async () => {
    const orderId = await deliveredOrder(stack);
    const before = await scrapCounts(stack);
    const id = await receivedReturn(stack, orderId);
    await inspectDefective(stack, id);
    const closed = await waitClosed(stack, id);
    expect(closed.refund.total).toBe(1785);

    const after = await scrapCounts(stack);
    expect(after.writeOffs - before.writeOffs).toBe(1);
    expect(after.writeOffLines - before.writeOffLines).toBe(1);
    expect(after.transfers - before.transfers).toBe(1);
    expect(after.transferUnits - before.transferUnits).toBe(1);
    const scrap = closed.timeline.find((t: { event: string }) => t.event === 'dispositioned')
      ?.detail?.scrap;
    expect(scrap).toMatchObject({
      writeOff: { batchId: `${id}-scrap`, created: true },
      liquidation: { partnerId: PARTNER, duplicate: false },
    });
    // The scrapped unit never became stock at the store.
    const positions = (await stack.call('inventory', 'GET', `/v1/positions/${SKU}`)).body;
    const store = (positions?.positions ?? []).find(
      (p: { locationId: string }) => p.locationId === STORE,
    );
    expect(store?.available ?? 0).toBe(0);

    const order = await eventually(async () => {
      const o = await getOrder(stack, orderId);
      return o.returns?.[0]?.status === 'closed' && o;
    }, 30_000);
    expect(order.lines[0]).toMatchObject({
      shippedQuantity: 2,
      returnedQuantity: 1,
      lotNumbers: [LOT],
    });
    expect(order.returns).toEqual([
      {
        returnId: id,
        status: 'closed',
        lines: [{ lineId: 'L1', quantity: 1 }],
        receivedAt: expect.any(String),
      },
    ]);
  });

  it('still posts one write-off and one transfer when the ERP and the WMS lose their answers after committing', async () => {
    const orderId = await deliveredOrder(stack);
    // Nothing else may talk to the ERP meanwhile: the sales order and the return authorization
    // are in before the faults go on.
    await eventually(async () => (await getOrder(stack, orderId)).erp?.salesOrderId, 45_000);
    const id = await receivedReturn(stack, orderId);
    await eventually(async () => {
      const r = await getReturn(stack, id);
      return (
        r.steps.find((s: { step: string }) => s.step === 'erp_authorization')?.state === 'done'
      );
    }, 45_000);
    const before = await scrapCounts(stack);
    await setFaults(stack, {
      erp: { dropResponseAfterCommit: true },
      wms: { dropResponseAfterCommit: true },
    });
    try {
      await inspectDefective(stack, id);
      // The write-off is stored and its answer lost: the step retries it under the same key.
      await eventually(async () => (await scrapCounts(stack)).writeOffs > before.writeOffs, 30_000);
      await setFaults(stack, { erp: { dropResponseAfterCommit: false } });
      await eventually(async () => (await scrapCounts(stack)).transfers > before.transfers, 30_000);
    } finally {
      await setFaults(stack, {
        erp: { dropResponseAfterCommit: false },
        wms: { dropResponseAfterCommit: false },
      });
    }
    const closed = await waitClosed(stack, id);

    const after = await scrapCounts(stack);
    expect(after.writeOffs - before.writeOffs).toBe(1);
    expect(after.writeOffRepeats - before.writeOffRepeats).toBeGreaterThanOrEqual(1);
    expect(after.transfers - before.transfers).toBe(1);
    expect(after.transferRepeats - before.transferRepeats).toBeGreaterThanOrEqual(1);
    const stock = closed.steps.find((s: { step: string }) => s.step === 'stock');
    expect(stock.attempts).toBeGreaterThanOrEqual(3);
  });
});
