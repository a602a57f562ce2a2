import type { ReturnLineRecord, ReturnRecord } from '../../domain/return-record';
import { replacementOrder } from './exchange.step';
import { liquidationTransfer, scrapWriteOff } from './scrap';
import { movementsFor } from './stock.step';

const line = (over: Partial<ReturnLineRecord>): ReturnLineRecord => ({
  lineId: 'L1',
  sku: 'A',
  erpItemId: 'I',
  quantity: 2,
  reasonCode: 'x',
  serialNumbers: [],
  unitPrice: 1000,
  discountShare: 0,
  taxShare: 0,
  poolQuantity: 2,
  poolTax: 0,
  restockingFeePercent: 0,
  serialTracked: false,
  ...over,
});

const ret = (lines: ReturnLineRecord[]): ReturnRecord =>
  ({
    id: 'r1',
    orderId: 'o1',
    orderChannel: 'shopify',
    channel: 'pos',
    locationId: 'STORE-1',
    resolution: 'exchange',
    status: 'inspected',
    currency: 'EUR',
    customerId: 'c1',
    inspectedAt: '2026-03-01T10:00:00.000Z',
    createdAt: '2026-02-28T10:00:00.000Z',
    exchangeLines: [{ lineId: 'L1', sku: 'A-XL', quantity: 1 }],
    orderData: {
      payment: { status: 'captured', method: 'card', reference: 'pay-1', amount: 2000 },
    },
    estimate: { total: 2000 },
    lines,
  }) as unknown as ReturnRecord;

describe('movementsFor (stock after inspection)', () => {
  it('restocks resellable units, restocks and damages quarantined ones in one batch, moves nothing else', () => {
    const sut = movementsFor(
      ret([
        line({ lineId: 'L1', disposition: 'resellable', condition: 'new' }),
        line({
          lineId: 'L2',
          sku: 'B',
          quantity: 1,
          disposition: 'quarantine',
          condition: 'damaged',
        }),
        line({ lineId: 'L3', disposition: 'refurbishable', condition: 'opened' }),
        line({ lineId: 'L4', disposition: 'scrap', condition: 'defective' }),
      ]),
    );
    expect(sut.map((m) => [m.eventId, m.type, m.sku, m.quantity, m.locationId])).toEqual([
      ['r1-L1-return_restock', 'return_restock', 'A', 2, 'STORE-1'],
      ['r1-L2-return_restock', 'return_restock', 'B', 1, 'STORE-1'],
      ['r1-L2-damage', 'damage', 'B', 1, 'STORE-1'],
    ]);
    expect(new Set(sut.map((m) => m.sourceSequence))).toEqual(
      new Set([Date.parse('2026-03-01T10:00:00.000Z')]),
    );
  });
});

describe('replacementOrder (exchange)', () => {
  it('is keyed by the return, priced as the customer paid, paid by the exchange credit, picked up at the store', () => {
    const sut = replacementOrder(ret([line({ discountShare: 200, taxShare: 380 })]));
    expect(sut).toEqual({
      channel: 'shopify',
      channelOrderId: 'EXCH-r1',
      orderedAt: '2026-03-01T10:00:00.000Z',
      currency: 'EUR',
      customer: { customerId: 'c1' },
      lines: [
        {
          lineId: 'X1',
          sku: 'A-XL',
          quantity: 1,
          unitPrice: 1000,
          discount: 100,
          tax: 190,
          fulfillment: { type: 'pickup', locationId: 'STORE-1' },
        },
      ],
      payment: { status: 'captured', method: 'exchange', reference: 'pay-1', amount: 1090 },
      exchangeForReturnId: 'r1',
    });
  });

  it('ships a dearer replacement to the customer, paid by the credit and the charge on the card', () => {
    const address = { line1: 'Street 1', city: 'Köln', postalCode: '50667', countryCode: 'DE' };
    const r = {
      ...ret([line({ quantity: 1, poolQuantity: 1, taxShare: 190 })]),
      exchange: {
        fulfillment: 'ship',
        shippingAddress: address,
        advance: false,
        lines: [{ lineId: 'X1', sku: 'B', quantity: 1, unitPrice: 1500, discount: 0, tax: 285 }],
        replacementTotal: 1785,
        estimatedCredit: 1190,
        payments: [
          {
            kind: 'charge',
            purpose: 'settle',
            idempotencyKey: 'exchange-settle-r1',
            amount: 595,
            reference: 'ch_1',
            at: '2026-03-01T10:00:00.000Z',
          },
        ],
      },
    } as ReturnRecord;
    const sut = replacementOrder(r);
    expect(sut.shippingAddress).toEqual(address);
    expect(sut.lines[0].fulfillment).toEqual({ type: 'ship' });
    expect(sut.payment).toEqual({
      status: 'captured',
      method: 'card',
      reference: 'pay-1',
      amount: 1785,
    });
    expect(sut.payments).toEqual([
      { status: 'captured', method: 'card', reference: 'pay-1', amount: 595 },
      { status: 'captured', method: 'exchange', reference: 'EXCH-r1', amount: 1190 },
    ]);
  });
});

describe('scrap (ERP write-off and liquidation transfer, ADR 0040)', () => {
  const mixed = ret([
    line({ lineId: 'L1', disposition: 'resellable', condition: 'new' }),
    line({
      lineId: 'L2',
      sku: 'B',
      erpItemId: 'IB',
      quantity: 1,
      lotNumber: 'LOT-7',
      disposition: 'scrap',
      condition: 'defective',
    }),
    line({ lineId: 'L3', sku: 'C', erpItemId: 'IC', disposition: 'scrap', condition: 'defective' }),
  ]);

  it('writes off only the scrapped units, once per return, at the receiving location', () => {
    expect(scrapWriteOff(mixed, { scrapAccountId: 'ACC-SCRAP' })).toEqual({
      batchId: 'r1-scrap',
      adjustmentDate: '2026-03-01',
      memo: 'scrap: 3 unit(s) of return r1 (order o1) written off',
      accountId: 'ACC-SCRAP',
      lines: [
        { itemId: 'IB', locationId: 'STORE-1', quantityDelta: -1 },
        { itemId: 'IC', locationId: 'STORE-1', quantityDelta: -2 },
      ],
    });
  });

  it('hands the scrapped units with their lots to the configured partner, keyed by the return', () => {
    expect(liquidationTransfer(mixed, { liquidationPartnerId: 'LIQ-1' })).toEqual({
      requestId: 'r1-liquidation',
      fromLocationId: 'STORE-1',
      partnerId: 'LIQ-1',
      dispositionType: 'LIQUIDATION',
      reference: 'r1',
      notes: 'scrapped units of return r1',
      lines: [
        { sku: 'B', quantity: 1, lotNumber: 'LOT-7' },
        { sku: 'C', quantity: 2 },
      ],
    });
  });

  it('posts and transfers nothing without scrap, and transfers nothing without a partner', () => {
    const clean = ret([line({ disposition: 'resellable', condition: 'new' })]);
    expect(scrapWriteOff(clean, { liquidationPartnerId: 'LIQ-1' })).toBeUndefined();
    expect(liquidationTransfer(clean, { liquidationPartnerId: 'LIQ-1' })).toBeUndefined();
    expect(liquidationTransfer(mixed, {})).toBeUndefined();
    expect(scrapWriteOff(mixed, {})).not.toHaveProperty('accountId');
  });
});
