import { ErpRejectedError } from '../../errors';
import { ErpSalesOrder } from '../erp-adapter';
import {
  fromNsCreditMemo,
  fromNsItem,
  idFromLocation,
  toNsCreditMemo,
  toNsInventoryAdjustment,
  toNsReturnAuthorization,
  toNsSalesOrder,
} from './netsuite-mapping';

const ORDER: ErpSalesOrder = {
  externalId: 'shopify_1001',
  customerId: 'CUST-7',
  orderDate: '2026-11-26T14:30:00+01:00',
  currency: 'EUR',
  locationId: 'DC1',
  lines: [
    { lineId: 'l1', itemId: 'ITEM-1', quantity: 3, unitPrice: 1999, discount: 500, tax: 1045 },
    { lineId: 'l2', itemId: 'ITEM-2', quantity: 1, unitPrice: 250 },
  ],
};

describe('NetSuite mapping', () => {
  it('refuses a line whose total a JSON number cannot carry exactly: a mapping error, not an outage', () => {
    const line = { lineId: 'l1', itemId: 'ITEM-1', quantity: 1000, unitPrice: 9_000_000_000_000 };
    expect(() => toNsSalesOrder({ ...ORDER, lines: [line] })).toThrow(ErpRejectedError);
    expect(() => toNsSalesOrder({ ...ORDER, lines: [line] })).toThrow(/more than an ERP line/);
  });

  it('maps a sales order to the REST record body with decimal amounts', () => {
    const sut = toNsSalesOrder(ORDER);

    expect(sut).toEqual({
      externalId: 'shopify_1001',
      entity: { id: 'CUST-7' },
      tranDate: '2026-11-26',
      currency: { id: 'EUR' },
      location: { id: 'DC1' },
      item: {
        items: [
          {
            item: { id: 'ITEM-1' },
            quantity: 3,
            rate: 19.99,
            amount: 54.97,
            tax1Amt: 10.45,
            custcol_retail_line_id: 'l1',
          },
          {
            item: { id: 'ITEM-2' },
            quantity: 1,
            rate: 2.5,
            amount: 2.5,
            custcol_retail_line_id: 'l2',
          },
        ],
      },
    });
  });

  it('posts a non-stock line as the configured non-inventory item, titled', () => {
    const giftCard = {
      kind: 'non_stock' as const,
      lineId: 'l3',
      title: 'Gift card 50 EUR',
      quantity: 1,
      unitPrice: 5000,
    };

    const sut = toNsSalesOrder({ ...ORDER, lines: [giftCard] }, 'NI-77');

    expect(sut.item.items).toEqual([
      {
        item: { id: 'NI-77' },
        description: 'Gift card 50 EUR',
        quantity: 1,
        rate: 50,
        amount: 50,
        custcol_retail_line_id: 'l3',
      },
    ]);
  });

  it('refuses external ids NetSuite cannot address, before any call', () => {
    expect(() => toNsSalesOrder({ ...ORDER, externalId: 'shopify:1001' })).toThrow(
      ErpRejectedError,
    );
    expect(() => toNsSalesOrder({ ...ORDER, externalId: '' })).toThrow(/must match/);
  });

  it('links a return authorization to its sales order by external id', () => {
    const sut = toNsReturnAuthorization({
      externalId: 'rma_1',
      salesOrderExternalId: 'shopify_1001',
      customerId: 'CUST-7',
      returnDate: '2026-12-01',
      currency: 'EUR',
      lines: [{ lineId: 'l1', itemId: 'ITEM-1', quantity: 1, unitPrice: 1999 }],
    });

    expect(sut.createdFrom).toEqual({ externalId: 'shopify_1001' });
    expect(sut.item.items[0]).toMatchObject({ quantity: 1, rate: 19.99, amount: 19.99 });
  });

  it('withholds the restocking fee on a credit memo as a negative line', () => {
    const sut = toNsCreditMemo(
      {
        externalId: 'cm_1',
        returnAuthorizationExternalId: 'rma_1',
        customerId: 'CUST-7',
        memoDate: '2026-12-02',
        currency: 'EUR',
        restockingFee: 300,
        lines: [{ lineId: 'l1', itemId: 'ITEM-1', quantity: 1, amount: 1832, tax: 348 }],
      },
      'FEE',
    );

    expect(sut.createdFrom).toEqual({ externalId: 'rma_1' });
    expect(sut.item.items).toEqual([
      {
        item: { id: 'ITEM-1' },
        quantity: 1,
        amount: 18.32,
        tax1Amt: 3.48,
        custcol_retail_line_id: 'l1',
      },
      { item: { id: 'FEE' }, quantity: 1, amount: -3 },
    ]);
  });

  it('maps an adjustment batch to inventory lines with signed quantities', () => {
    const sut = toNsInventoryAdjustment({
      batchId: 'inv_batch_42',
      adjustmentDate: '2026-11-26',
      lines: [{ itemId: 'I1', locationId: 'DC1', quantityDelta: -4 }],
    });

    expect(sut).toEqual({
      externalId: 'inv_batch_42',
      tranDate: '2026-11-26',
      inventory: { items: [{ item: { id: 'I1' }, location: { id: 'DC1' }, adjustQtyBy: -4 }] },
    });
  });

  it('maps an exported item to minor units', () => {
    const sut = fromNsItem({
      id: '100001',
      itemId: 'SKU-1',
      displayName: 'Shirt',
      upcCode: '4006381333931',
      isInactive: false,
      basePrice: 10.01,
      currency: 'EUR',
    });

    expect(sut).toEqual({
      itemId: '100001',
      sku: 'SKU-1',
      name: 'Shirt',
      gtin: '4006381333931',
      active: true,
      basePrice: 1001,
      currency: 'EUR',
    });
  });

  it('reads the internal id from the Location header', () => {
    expect(idFromLocation('https://x/services/rest/record/v1/salesOrder/123')).toBe('123');
    expect(() => idFromLocation(null)).toThrow(ErpRejectedError);
  });
});

describe('NetSuite credit memo read back', () => {
  const record = {
    id: '1819',
    externalId: 'ret-1',
    total: 23.8,
    currency: { id: 'EUR', refName: 'Euro' },
    status: { id: 'A', refName: 'Open' },
  };

  it('reads the body total as minor units of its currency', () => {
    expect(fromNsCreditMemo(record)).toEqual({
      creditMemoId: '1819',
      externalId: 'ret-1',
      total: 2380,
      currency: 'EUR',
      status: 'Open',
      active: true,
    });
  });

  it('takes a voided memo as one that credits nothing any more', () => {
    const voided = fromNsCreditMemo({ ...record, status: { id: 'V', refName: 'Voided' } });

    expect(voided).toMatchObject({ status: 'Voided', active: false, total: 2380 });
  });

  it('refuses a total with more decimals than the currency has', () => {
    expect(() => fromNsCreditMemo({ ...record, total: 23.801 })).toThrow(RangeError);
  });
});
