import type { ReturnLineRecord, ReturnRecord } from '../../domain/return-record';
import { replacementOrder } from './exchange.step';
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
  it('is keyed by the return, priced at the original unit price and fully discounted, picked up at the store', () => {
    const sut = replacementOrder(ret([line({})]));
    expect(sut).toMatchObject({
      channel: 'shopify',
      channelOrderId: 'EXCH-r1',
      orderedAt: '2026-03-01T10:00:00.000Z',
      customer: { customerId: 'c1' },
      lines: [
        {
          lineId: 'X1',
          sku: 'A-XL',
          quantity: 1,
          unitPrice: 1000,
          discount: 1000,
          tax: 0,
          fulfillment: { type: 'pickup', locationId: 'STORE-1' },
        },
      ],
      payment: { status: 'captured', method: 'exchange', reference: 'EXCH-r1', amount: 0 },
    });
  });
});
