import { randomUUID } from 'crypto';
import { canonicalOrder, seedStock } from '../src/orders';
import { createDcLocation, createProducts } from '../src/master-data';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(300_000);

/**
 * The ERP's financial side across real processes (ADR 0041): the sales order names the ERP's
 * own customer (looked up or created by e-mail and channel identity), a shipped order gets one
 * item fulfillment and one invoice in the ERP (counted by the back-office simulator), and a
 * posting held by its record type's window flows on by itself when the window opens.
 */
const DC = 'FIN-DC-1';
const SKU = 'FIN-MUG-1';

describe('ERP financial postings on the process stack', () => {
  let stack: Stack;
  const orders = (method: string, path: string, body?: unknown) =>
    stack.call('order-ingestion', method, path, body);
  const sim = async (path: string) => (await stack.call('backoffice-simulator', 'GET', path)).body;
  const erpStats = async () => (await sim('/admin/stats')).erp;

  /** An order of one mug for `email`, confirmed by the ERP, then shipped (twice: a WMS retry). */
  async function shippedOrder(email: string) {
    const created = await orders('POST', '/v1/orders', canonicalOrder(SKU, DC, email));
    expect(created.status).toBe(202);
    const orderId: string = created.body.orderId;
    await eventually(async () => {
      const view = (await orders('GET', `/v1/orders/${orderId}`)).body;
      return view.status === 'erp_confirmed' && view;
    }, 60_000);
    const shipment = {
      eventId: `ship-${orderId}`,
      orderId,
      type: 'shipped',
      lines: [{ lineId: 'L1', quantity: 1 }],
      locationId: DC,
      carrier: 'DHL',
      trackingNumber: `TRK-${orderId.slice(0, 8)}`,
      occurredAt: new Date().toISOString(),
    };
    for (let i = 0; i < 2; i++)
      expect((await orders('POST', '/v1/fulfillment-events', shipment)).status).toBeLessThan(300);
    return orderId;
  }

  const timelineOf = async (orderId: string) =>
    (await orders('GET', `/v1/orders/${orderId}`)).body.timeline as Array<{
      step: string;
      reason?: string;
      transformations?: unknown[];
    }>;

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion'],
    });
    await createDcLocation(stack, DC);
    await createProducts(stack, [SKU]);
    await seedStock(stack, SKU, DC, 50);
  }, 180_000);
  afterAll(() => stack?.stop());

  it("a shipped order has one item fulfillment and one invoice, and its sales order names the ERP's customer", async () => {
    const email = `fin-${randomUUID().slice(0, 8)}@example.com`;
    const orderId = await shippedOrder(email);

    const stats = await eventually(async () => {
      const erp = await erpStats();
      return erp.itemFulfillments.created === 1 && erp.invoices.created === 1 && erp;
    }, 60_000);
    // Both jobs are done (noted on the timeline) before anything more is counted.
    await eventually(async () => {
      const steps = (await timelineOf(orderId)).map((t) => t.step);
      return steps.includes('erp-itemFulfillment') && steps.includes('erp-invoice');
    });
    const after = await erpStats();
    expect(after.itemFulfillments).toEqual({ created: 1, repeated: 0 });
    expect(after.invoices).toEqual({ created: 1, repeated: 0 });
    expect(after.cashSales).toEqual({ created: 0, repeated: 0 });
    expect(stats.salesOrders.created).toBe(1);

    const view = (await orders('GET', `/v1/orders/${orderId}`)).body;
    const salesOrder = await sim(`/services/rest/record/v1/salesOrder/${view.erp.salesOrderId}`);
    const customers = await sim(
      `/services/rest/record/v1/customer?q=${encodeURIComponent(`email IS "${email}"`)}`,
    );
    expect(customers.items).toHaveLength(1);
    expect(salesOrder.entity.id).toBe(customers.items[0].id);
    expect(view.customer.customerId).toEqual(expect.any(String));
    expect(salesOrder.entity.id).not.toBe(view.customer.customerId);
    const invoice = await sim(
      `/services/rest/record/v1/invoice/eid:${salesOrder.externalId}-INV-ship-${orderId}`,
    );
    expect(invoice.entity.id).toBe(customers.items[0].id);
  });

  it('holds an invoice outside its posting window and posts it by itself when the window opens', async () => {
    const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);
    const window = (startMs: number) => `invoice=${hhmmss(startMs)}-${hhmmss(startMs + 3_600_000)}`;
    // Closed: the window opens in three hours.
    await stack.restart('order-ingestion', {
      ERP_POSTING_SCHEDULE: window(Date.now() + 3 * 3_600_000),
    });
    const before = await erpStats();
    const orderId = await shippedOrder(`held-${randomUUID().slice(0, 8)}@example.com`);

    const held = await eventually(async () => {
      const timeline = await timelineOf(orderId);
      const fulfilled = timeline.some((t) => t.step === 'erp-itemFulfillment');
      const hold = timeline.find((t) => t.step === 'erp-invoice' && t.reason?.includes('held'));
      return fulfilled && hold;
    }, 60_000);
    expect(held.reason).toContain('invoice held until');
    const whileClosed = await erpStats();
    expect(whileClosed.itemFulfillments.created).toBe(before.itemFulfillments.created + 1);
    expect(whileClosed.invoices.created).toBe(before.invoices.created);

    // The window now opens a few seconds after the restart; nothing else is done.
    await stack.restart('order-ingestion', { ERP_POSTING_SCHEDULE: window(Date.now() + 5_000) });
    const opened = await eventually(async () => {
      const erp = await erpStats();
      return erp.invoices.created === before.invoices.created + 1 && erp;
    }, 90_000);
    expect(opened.invoices.repeated).toBe(0);
    await eventually(async () =>
      (await timelineOf(orderId)).some((t) => t.step === 'erp-invoice' && t.transformations),
    );
    expect((await erpStats()).invoices.created).toBe(before.invoices.created + 1);
  });

  it('refuses to start with a bad posting schedule, in one line', async () => {
    await expect(
      stack.restart('order-ingestion', { ERP_POSTING_SCHEDULE: 'invoice=25:00-06:00' }),
    ).rejects.toThrow(/ERP_POSTING_SCHEDULE: invoice: "25:00" is not a UTC time/);
  });
});
