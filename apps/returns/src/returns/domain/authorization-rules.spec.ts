import type { ReturnRequest } from '@retail/contracts';
import type { OrderView } from '../ports/order-view';
import type { ReturnPolicyProduct } from '../ports/product-catalog';
import { authorizeLines as sut, LineLedger, windowStart } from './authorization-rules';
import { approvalReasons } from './approval';

const NOW = new Date('2026-03-20T12:00:00Z');

const product = (over: Partial<ReturnPolicyProduct> = {}): ReturnPolicyProduct => ({
  sku: 'SHIRT',
  erpItemId: 'ITEM-1',
  serialTracked: false,
  lotTracked: false,
  returnable: true,
  returnWindowDays: 30,
  restockingFeePercent: 10,
  ...over,
});

const order = (over: Partial<OrderView> = {}): OrderView => ({
  orderId: 'O1',
  channel: 'shopify',
  channelOrderId: '1001',
  status: 'fulfilled',
  currency: 'EUR',
  orderedAt: '2026-03-01T10:00:00Z',
  lines: [
    { lineId: 'L1', sku: 'SHIRT', quantity: 3, unitPrice: 1999, discount: 600, tax: 1026 },
    { lineId: 'L2', sku: 'PHONE', quantity: 2, unitPrice: 50000, discount: 0, tax: 9500 },
  ],
  shippingTotal: 0,
  payment: { status: 'captured', method: 'card', reference: 'pay_1', amount: 1 },
  shipments: [
    {
      lineId: 'L1',
      quantity: 3,
      serialNumbers: [],
      lotNumbers: [],
      deliveredAt: '2026-03-05T10:00:00Z',
    },
    {
      lineId: 'L2',
      quantity: 2,
      serialNumbers: ['S1', 'S2'],
      lotNumbers: [],
      shippedAt: '2026-03-04T10:00:00Z',
    },
  ],
  ...over,
});

const request = (lines: ReturnRequest['lines']): ReturnRequest => ({
  orderId: 'O1',
  channel: 'pos',
  locationId: 'STORE-1',
  lines,
  resolution: 'refund',
});

const products = new Map([
  ['SHIRT', product()],
  ['PHONE', product({ sku: 'PHONE', serialTracked: true, restockingFeePercent: 0 })],
]);

const run = (
  req: ReturnRequest,
  over: { order?: OrderView; ledgers?: Map<string, LineLedger>; now?: Date } = {},
) =>
  sut({
    request: req,
    order: over.order ?? order(),
    products,
    ledgers: over.ledgers ?? new Map(),
    now: over.now ?? NOW,
  });

const messages = (r: ReturnType<typeof run>) => r.errors.map((e) => `${e.field}: ${e.message}`);

describe('authorizeLines', () => {
  it('authorizes a valid partial return and allocates its discount and tax share', () => {
    const r = run(request([{ lineId: 'L1', quantity: 1, reasonCode: 'wrong_size' }]));
    expect(r.errors).toEqual([]);
    expect(r.lines[0].allocation).toEqual({
      discountShare: 200,
      taxShare: 342,
      poolQuantity: 3,
      poolTax: 1026,
    });
  });

  it('refuses more than shipped minus already returned', () => {
    const ledger: LineLedger = {
      orderedQuantity: 3,
      discount: 600,
      tax: 1026,
      allocatedQuantity: 2,
      allocatedDiscount: 400,
      allocatedTax: 684,
      returnedSerials: [],
    };
    const r = run(request([{ lineId: 'L1', quantity: 2, reasonCode: 'x' }]), {
      ledgers: new Map([['L1', ledger]]),
    });
    expect(messages(r)).toEqual([
      'lines.0: quantity 2 exceeds returnable quantity 1 (shipped 3, already returned 2)',
    ]);
  });

  it('counts only shipped units as returnable', () => {
    const o = order({
      shipments: [
        {
          lineId: 'L1',
          quantity: 1,
          serialNumbers: [],
          lotNumbers: [],
          shippedAt: '2026-03-05T10:00:00Z',
        },
      ],
    });
    const r = run(request([{ lineId: 'L1', quantity: 2, reasonCode: 'x' }]), { order: o });
    expect(messages(r)[0]).toContain('exceeds returnable quantity 1');
  });

  it('refuses a line outside its return window, counted from delivery', () => {
    const r = run(request([{ lineId: 'L1', quantity: 1, reasonCode: 'x' }]), {
      now: new Date('2026-04-05T10:00:01Z'),
    });
    expect(messages(r)).toEqual([
      'lines.0: return window of 30 days closed on 2026-04-04T10:00:00.000Z',
    ]);
  });

  it('refuses non-returnable products and unknown lines and products', () => {
    const o = order({
      lines: [
        ...order().lines,
        { lineId: 'L3', sku: 'GHOST', quantity: 1, unitPrice: 1, discount: 0, tax: 0 },
      ],
    });
    const local = new Map(products);
    local.set('SHIRT', product({ returnable: false }));
    const r = sut({
      request: request([
        { lineId: 'L1', quantity: 1, reasonCode: 'x' },
        { lineId: 'NOPE', quantity: 1, reasonCode: 'x' },
        { lineId: 'L3', quantity: 1, reasonCode: 'x' },
      ]),
      order: o,
      products: local,
      ledgers: new Map(),
      now: NOW,
    });
    expect(messages(r)).toEqual([
      'lines.0: SHIRT is not returnable',
      'lines.1.lineId: line NOPE is not on order O1',
      'lines.2.lineId: product GHOST is unknown to master data',
    ]);
  });

  it('checks serial numbers against what was shipped and already returned', () => {
    const ledger: LineLedger = {
      orderedQuantity: 2,
      discount: 0,
      tax: 9500,
      allocatedQuantity: 1,
      allocatedDiscount: 0,
      allocatedTax: 4750,
      returnedSerials: ['S1'],
    };
    const r = run(
      request([{ lineId: 'L2', quantity: 1, reasonCode: 'x', serialNumbers: ['S9'] }]),
      { ledgers: new Map([['L2', ledger]]) },
    );
    expect(messages(r)).toEqual(['lines.0: serial S9 was not shipped on this order line']);
    const again = run(
      request([{ lineId: 'L2', quantity: 1, reasonCode: 'x', serialNumbers: ['S1'] }]),
      { ledgers: new Map([['L2', ledger]]) },
    );
    expect(messages(again)).toEqual(['lines.0: serial S1 was already returned']);
    const missing = run(
      request([{ lineId: 'L2', quantity: 2, reasonCode: 'x', serialNumbers: ['S1'] }]),
    );
    expect(messages(missing)).toEqual([
      'lines.0: PHONE is serial-tracked: give 2 serial number(s)',
    ]);
  });

  it('checks lot numbers of lot-tracked products when the order recorded lots', () => {
    const local = new Map(products);
    local.set('SHIRT', product({ lotTracked: true }));
    const o = order({
      shipments: [
        {
          lineId: 'L1',
          quantity: 3,
          serialNumbers: [],
          lotNumbers: ['LOT-A'],
          shippedAt: '2026-03-05T10:00:00Z',
        },
      ],
    });
    const go = (lotNumber?: string) =>
      sut({
        request: request([{ lineId: 'L1', quantity: 1, reasonCode: 'x', lotNumber }]),
        order: o,
        products: local,
        ledgers: new Map(),
        now: NOW,
      });
    expect(go('LOT-A').errors).toEqual([]);
    expect(go('LOT-B').errors[0].message).toBe('lot LOT-B was not shipped on this order line');
    expect(go(undefined).errors[0].message).toBe('SHIRT is lot-tracked: give the lot number');
  });

  it('checks a named lot against the shipped lots even for a product not lot-tracked, and accepts any lot when the line shipped without lot data', () => {
    const shipment = (lotNumbers: string[]) => ({
      lineId: 'L1',
      quantity: 3,
      serialNumbers: [],
      lotNumbers,
      shippedAt: '2026-03-05T10:00:00Z',
    });
    const go = (lotNumbers: string[], lotNumber: string) =>
      sut({
        request: request([{ lineId: 'L1', quantity: 1, reasonCode: 'x', lotNumber }]),
        order: order({ shipments: [shipment(lotNumbers)] }),
        products,
        ledgers: new Map(),
        now: NOW,
      }).errors.map((e) => e.message);
    expect(go(['LOT-A', 'LOT-C'], 'LOT-C')).toEqual([]);
    expect(go(['LOT-A'], 'LOT-B')).toEqual(['lot LOT-B was not shipped on this order line']);
    expect(go([], 'LOT-B')).toEqual([]);
  });

  it('refuses cancelled orders and unpaid ones', () => {
    const r = run(request([{ lineId: 'L1', quantity: 1, reasonCode: 'x' }]), {
      order: order({
        status: 'cancelled',
        payment: { status: 'failed', method: 'card', reference: 'p', amount: 1 },
      }),
    });
    expect(r.errors.map((e) => e.message)).toEqual([
      'order O1 is cancelled',
      'payment of order O1 is failed: nothing to refund',
    ]);
  });

  it('refuses a line listed twice', () => {
    const r = run(
      request([
        { lineId: 'L1', quantity: 1, reasonCode: 'x' },
        { lineId: 'L1', quantity: 1, reasonCode: 'x' },
      ]),
    );
    expect(messages(r)).toEqual(['lines.1.lineId: line L1 is listed twice']);
  });
});

describe('windowStart', () => {
  it('takes the latest delivery (or shipment) date', () => {
    expect(
      windowStart([
        {
          lineId: 'a',
          quantity: 1,
          serialNumbers: [],
          lotNumbers: [],
          shippedAt: '2026-01-01T00:00:00Z',
        },
        {
          lineId: 'a',
          quantity: 1,
          serialNumbers: [],
          lotNumbers: [],
          shippedAt: '2026-01-02T00:00:00Z',
          deliveredAt: '2026-01-05T00:00:00Z',
        },
      ])?.toISOString(),
    ).toBe('2026-01-05T00:00:00.000Z');
    expect(windowStart([])).toBeUndefined();
  });
});

describe('approvalReasons', () => {
  const facts = {
    estimateTotal: 100,
    threshold: 1000,
    customerRecentReturns: 0,
    maxCustomerReturns: 5,
    windowDays: 30,
  };
  it('authorizes ordinary returns at once', () => {
    expect(approvalReasons(facts)).toEqual([]);
  });
  it('holds high-value returns and customers with unusual return rates', () => {
    expect(approvalReasons({ ...facts, estimateTotal: 1001, customerRecentReturns: 5 })).toEqual([
      'high value: refund 1001 above threshold 1000',
      'unusual return rate: 5 returns in 30 days (limit 5)',
    ]);
  });
});
