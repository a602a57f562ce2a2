import { randomBytes } from 'crypto';
import { ErpNotFoundError, ErpRejectedError } from '../src/errors';
import { ErpItem, ErpSalesOrder } from '../src/erp/erp-adapter';
import { ErpUnderTest, netsuiteOnSimulator, trytonOnTrytond } from './support/erp-under-test';

/**
 * The ERP port's contract: one suite, run unchanged against every implementation the factory
 * registers. Only the references each ERP's data offers (its items, a location) differ.
 */
const IMPLEMENTATIONS: [string, () => Promise<ErpUnderTest>][] = [
  ['netsuite on the back-office simulator', netsuiteOnSimulator],
  ['tryton on a real trytond', trytonOnTrytond],
];

const CTX = { correlationId: 'erp-contract' };
const today = new Date().toISOString().slice(0, 10);

describe.each(IMPLEMENTATIONS)('ERP port contract: %s', (_name, start) => {
  let sut: ErpUnderTest;
  const run = randomBytes(4).toString('hex');
  const id = (name: string) => `ct_${run}_${name}`;
  const order = (externalId: string): ErpSalesOrder => ({
    externalId,
    customerId: `ct-customer-${run}`,
    orderDate: `${today}T09:30:00Z`,
    currency: 'EUR',
    locationId: sut.locationId,
    memo: 'contract order',
    lines: [
      {
        lineId: 'l1',
        itemId: sut.itemIds[0],
        quantity: 2,
        unitPrice: 1999,
        discount: 200,
        tax: 380,
      },
      { lineId: 'l2', itemId: sut.itemIds[1], quantity: 1, unitPrice: 500 },
      { lineId: 'l3', kind: 'non_stock', title: 'Gift wrap', quantity: 1, unitPrice: 300 },
    ],
  });

  beforeAll(async () => {
    sut = await start();
  }, 30 * 60_000);
  afterAll(async () => {
    await sut?.stop();
  });

  it('creates a sales order once per external id: a repeat finds the same order', async () => {
    const first = await sut.erp.upsertSalesOrder(order(id('so1')), CTX);
    const again = await sut.erp.upsertSalesOrder(order(id('so1')), CTX);
    const found = await sut.erp.findSalesOrder(id('so1'), CTX);

    expect(first.created).toBe(true);
    expect(again).toEqual({ salesOrderId: first.salesOrderId, created: false });
    expect(found).toMatchObject({ salesOrderId: first.salesOrderId, externalId: id('so1') });
    expect(found!.status.toLowerCase()).not.toBe('cancelled');
  });

  it('finds no sales order for an unknown external id', async () => {
    await expect(sut.erp.findSalesOrder(id('nothing'), CTX)).resolves.toBeUndefined();
  });

  it('cancels a sales order once; a repeated cancel reports nothing done', async () => {
    const { salesOrderId } = await sut.erp.upsertSalesOrder(order(id('so2')), CTX);

    const first = await sut.erp.cancelSalesOrder(id('so2'), CTX);
    const again = await sut.erp.cancelSalesOrder(id('so2'), CTX);
    const found = await sut.erp.findSalesOrder(id('so2'), CTX);

    expect(first).toEqual({ salesOrderId, cancelled: true });
    expect(again.cancelled).toBe(false);
    expect(found!.status.toLowerCase()).toBe('cancelled');
  });

  it('reports a cancel of an unknown order as not found', async () => {
    await expect(sut.erp.cancelSalesOrder(id('ghost'), CTX)).rejects.toBeInstanceOf(
      ErpNotFoundError,
    );
  });

  it('refuses an external id the ERP cannot key, before any call', async () => {
    const bad = sut.erp.upsertSalesOrder(order('bad id/1'), CTX);

    await expect(bad).rejects.toBeInstanceOf(ErpRejectedError);
    await expect(bad).rejects.toMatchObject({ retryable: false });
  });

  it('creates a return authorization and a credit memo once each', async () => {
    await sut.erp.upsertSalesOrder(order(id('so3')), CTX);
    const ra = {
      externalId: id('ra3'),
      salesOrderExternalId: id('so3'),
      customerId: `ct-customer-${run}`,
      returnDate: today,
      currency: 'EUR',
      locationId: sut.locationId,
      lines: [{ lineId: 'l1', itemId: sut.itemIds[0], quantity: 1, unitPrice: 1899 }],
    };
    const memo = {
      externalId: id('cm3'),
      returnAuthorizationExternalId: id('ra3'),
      salesOrderExternalId: id('so3'),
      customerId: `ct-customer-${run}`,
      memoDate: today,
      currency: 'EUR',
      restockingFee: 100,
      lines: [{ lineId: 'l1', itemId: sut.itemIds[0], quantity: 1, amount: 1899, tax: 190 }],
    };

    const raFirst = await sut.erp.createReturnAuthorization(ra, CTX);
    const raAgain = await sut.erp.createReturnAuthorization(ra, CTX);
    const memoFirst = await sut.erp.createCreditMemo(memo, CTX);
    const memoAgain = await sut.erp.createCreditMemo(memo, CTX);

    expect(raFirst.created).toBe(true);
    expect(raAgain).toEqual({ id: raFirst.id, created: false });
    expect(memoFirst.created).toBe(true);
    expect(memoAgain).toEqual({ id: memoFirst.id, created: false });
  });

  it('finds a credit memo by external id with what it credits (tax in, fee out)', async () => {
    await sut.erp.upsertSalesOrder(order(id('so4')), CTX);
    const memo = {
      externalId: id('cm4'),
      salesOrderExternalId: id('so4'),
      customerId: `ct-customer-${run}`,
      memoDate: today,
      currency: 'EUR',
      restockingFee: 100,
      lines: [
        { lineId: 'l1', itemId: sut.itemIds[0], quantity: 1, amount: 1899, tax: 190 },
        { lineId: 'l2', itemId: sut.itemIds[1], quantity: 1, amount: 500 },
      ],
    };
    const created = await sut.erp.createCreditMemo(memo, CTX);

    const found = await sut.erp.findCreditMemo(id('cm4'), CTX);

    expect(found).toMatchObject({
      creditMemoId: created.id,
      externalId: id('cm4'),
      total: 1899 + 190 + 500 - 100,
      currency: 'EUR',
      active: true,
    });
    await expect(sut.erp.findCreditMemo(id('cm-none'), CTX)).resolves.toBeUndefined();
  });

  it('posts an inventory adjustment batch once, moving on-hand by its deltas', async () => {
    const [up, down] = [sut.itemIds[2], sut.itemIds[3]];
    const onHand = async (itemId: string) =>
      (await sut.erp.getOnHand({ itemId, locationId: sut.locationId }, CTX)).reduce(
        (sum, row) => sum + row.onHand,
        0,
      );
    const before = { up: await onHand(up), down: await onHand(down) };
    const batch = {
      batchId: id('adj1'),
      adjustmentDate: today,
      lines: [
        { itemId: up, locationId: sut.locationId, quantityDelta: 5 },
        { itemId: down, locationId: sut.locationId, quantityDelta: -2 },
      ],
    };

    const first = await sut.erp.postInventoryAdjustments(batch, CTX);
    const again = await sut.erp.postInventoryAdjustments(batch, CTX);

    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(await onHand(up)).toBe(before.up + 5);
    expect(await onHand(down)).toBe(before.down - 2);
  });

  it('pages the item master to the end, each item once, with the ERP items in it', async () => {
    const seen: ErpItem[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await sut.erp.fetchItemMaster({ cursor, limit: 2 }, CTX);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 1000);

    const ids = seen.map((item) => item.itemId);
    expect(cursor).toBeUndefined();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(sut.itemIds));
    expect(pages).toBeGreaterThan(1);
    for (const item of seen.filter((i) => sut.itemIds.includes(i.itemId))) {
      expect(item).toMatchObject({ active: true, currency: 'EUR' });
      expect(item.basePrice).toBeGreaterThan(0);
    }
  });

  // --- The financial side of fulfilment (issue 18).

  it('finds or creates a customer once: by its external id, then by e-mail', async () => {
    const email = `buyer-${run}@example.com`;
    const customer = { externalId: id('cu1'), email, name: 'Ada Lovelace', channel: 'shopify' };

    const first = await sut.erp.findOrCreateCustomer(customer, CTX);
    const again = await sut.erp.findOrCreateCustomer(customer, CTX);
    const otherChannel = await sut.erp.findOrCreateCustomer(
      { externalId: id('cu1_pos'), email, channel: 'pos' },
      CTX,
    );

    expect(first.matchedBy).toBe('created');
    expect(again).toEqual({ customerId: first.customerId, matchedBy: 'externalId' });
    expect(otherChannel).toEqual({ customerId: first.customerId, matchedBy: 'email' });
  });

  it('fulfils and bills a shipped sales order once each, naming the ERP customer', async () => {
    const { customerId } = await sut.erp.findOrCreateCustomer(
      { externalId: id('cu2'), email: `payer-${run}@example.com` },
      CTX,
    );
    await sut.erp.upsertSalesOrder({ ...order(id('so4')), customerId }, CTX);
    const fulfillment = {
      externalId: id('if4'),
      salesOrderExternalId: id('so4'),
      customerId,
      shipDate: `${today}T15:00:00Z`,
      locationId: sut.locationId,
      carrier: 'UPS',
      trackingNumber: '1Z999',
      lines: [{ lineId: 'l1', itemId: sut.itemIds[0], quantity: 2 }],
    };
    const bill = (recordType: 'invoice' | 'cashSale', externalId: string) => ({
      recordType,
      externalId,
      salesOrderExternalId: id('so4'),
      customerId,
      tranDate: today,
      currency: 'EUR',
      shippingCost: 495,
      lines: order(id('so4')).lines.slice(0, 1),
    });

    const shipped = await sut.erp.createItemFulfillment(fulfillment, CTX);
    const shippedAgain = await sut.erp.createItemFulfillment(fulfillment, CTX);
    const invoice = await sut.erp.createBillingDocument(bill('invoice', id('inv4')), CTX);
    const invoiceAgain = await sut.erp.createBillingDocument(bill('invoice', id('inv4')), CTX);
    const cashSale = await sut.erp.createBillingDocument(bill('cashSale', id('cs4')), CTX);
    const cashSaleAgain = await sut.erp.createBillingDocument(bill('cashSale', id('cs4')), CTX);

    expect(shipped.created).toBe(true);
    expect(shippedAgain).toEqual({ id: shipped.id, created: false });
    expect(invoice.created).toBe(true);
    expect(invoiceAgain).toEqual({ id: invoice.id, created: false });
    expect(cashSale.created).toBe(true);
    expect(cashSaleAgain).toEqual({ id: cashSale.id, created: false });
  });

  it('refuses an item fulfillment for a sales order the ERP does not have', async () => {
    const ghost = sut.erp.createItemFulfillment(
      {
        externalId: id('if_ghost'),
        salesOrderExternalId: id('so_ghost'),
        customerId: `ct-customer-${run}`,
        shipDate: today,
        lines: [{ lineId: 'l1', itemId: sut.itemIds[0], quantity: 1 }],
      },
      CTX,
    );

    await expect(ghost).rejects.toBeInstanceOf(ErpNotFoundError);
  });
});
