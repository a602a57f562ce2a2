import type { ReturnRequest } from '@retail/contracts';
import type { ReturnLineRecord } from '../domain/return-record';
import type { OrderView } from '../ports/order-view';
import type { ReturnPolicyProduct } from '../ports/product-catalog';
import { planExchange } from './exchange-plan';

const returned: ReturnLineRecord = {
  lineId: 'L1',
  sku: 'SHIRT-M',
  erpItemId: 'I',
  quantity: 1,
  reasonCode: 'wrong_size',
  serialNumbers: [],
  unitPrice: 2000,
  discountShare: 0,
  taxShare: 380,
  poolQuantity: 1,
  poolTax: 380,
  restockingFeePercent: 0,
  serialTracked: false,
};

const request = (over: Partial<ReturnRequest> = {}): ReturnRequest => ({
  orderId: 'o1',
  channel: 'pos',
  locationId: 'STORE-1',
  lines: [{ lineId: 'L1', quantity: 1, reasonCode: 'wrong_size' }],
  resolution: 'exchange',
  exchangeLines: [{ lineId: 'L1', sku: 'JACKET', quantity: 1, unitPrice: 3000 }],
  ...over,
});

const address = { line1: 'Street 1', city: 'Köln', postalCode: '50667', countryCode: 'DE' };
const known = new Map([['JACKET', { sku: 'JACKET' } as ReturnPolicyProduct]]);

const plan = (req: ReturnRequest, order: Partial<OrderView> = {}, products = known) =>
  planExchange({
    request: req,
    order: order as OrderView,
    lines: [returned],
    estimatedCredit: 2380,
    products,
    windowSeconds: 3600,
    now: new Date('2026-03-01T10:00:00.000Z'),
  });

describe('planExchange', () => {
  it('picks the replacement up at the receiving store by default, priced with the line tax rate', () => {
    const { plan: sut, errors } = plan(request());
    expect(errors).toEqual([]);
    expect(sut).toMatchObject({
      fulfillment: 'pickup',
      pickupLocationId: 'STORE-1',
      advance: false,
      replacementTotal: 3570,
      estimatedCredit: 2380,
      payments: [],
    });
    expect(sut?.dueBy).toBeUndefined();
  });

  it("ships to the order's address unless one is given, and sets the advance window", () => {
    const shipped = plan(request({ exchange: { fulfillment: 'ship', advance: true } }), {
      shippingAddress: address,
    }).plan;
    expect(shipped).toMatchObject({ fulfillment: 'ship', shippingAddress: address, advance: true });
    expect(shipped?.dueBy).toBe('2026-03-01T11:00:00.000Z');
  });

  it('refuses a shipped replacement without an address, an unknown SKU, and options on a refund', () => {
    expect(plan(request({ exchange: { fulfillment: 'ship' } })).errors).toEqual([
      expect.objectContaining({ field: 'exchange.shippingAddress' }),
    ]);
    expect(plan(request(), {}, new Map()).errors).toEqual([
      expect.objectContaining({ field: 'exchangeLines[0].sku' }),
    ]);
    expect(
      plan(request({ resolution: 'refund', exchange: { advance: true } })).errors[0].field,
    ).toBe('exchange');
    expect(plan(request({ resolution: 'refund', exchangeLines: undefined }))).toEqual({
      errors: [],
    });
  });
});
