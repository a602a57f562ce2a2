import { validateContract as sut } from '../../common/v1/validate-contract';
import { loadFixture } from '../../testing/load-fixture';
import { CanonicalOrder } from './canonical-order';
import { CancelOrder } from './cancel-order';
import { FulfillmentEvent } from './fulfillment-event';

type Plain = Record<string, any>;
const order = (): Plain => loadFixture(__dirname, 'canonical-order.json');
const fieldsOf = (plain: unknown) => sut(CanonicalOrder, plain).errors.map((e) => e.field);

describe('CanonicalOrder contract', () => {
  it('accepts the golden order (a ship line and a pickup line)', () => {
    const { value, errors } = sut(CanonicalOrder, order());
    expect(errors).toEqual([]);
    expect(value.lines.map((l) => l.fulfillment.type)).toEqual(['ship', 'pickup']);
    expect(value.lines[1].fulfillment.locationId).toBe('store-berlin-01');
  });

  it('accepts the minimal order (no addresses, shipping or fraud)', () => {
    const plain = order();
    for (const key of ['shippingAddress', 'billingAddress', 'shipping', 'fraud']) delete plain[key];
    expect(fieldsOf(plain)).toEqual([]);
  });

  it.each([
    ['negative quantity', (o: Plain) => (o.lines[0].quantity = -1), 'lines.0.quantity'],
    ['zero quantity', (o: Plain) => (o.lines[0].quantity = 0), 'lines.0.quantity'],
    ['fractional quantity', (o: Plain) => (o.lines[0].quantity = 1.5), 'lines.0.quantity'],
    ['float amount', (o: Plain) => (o.lines[1].unitPrice = 12.5), 'lines.1.unitPrice'],
    ['decimal-string amount', (o: Plain) => (o.payment.amount = '63.59'), 'payment.amount'],
    ['negative discount', (o: Plain) => (o.lines[0].discount = -1), 'lines.0.discount'],
    ['bad currency', (o: Plain) => (o.currency = 'EURO'), 'currency'],
    ['unknown currency', (o: Plain) => (o.currency = 'XYZ'), 'currency'],
    ['bad payment status', (o: Plain) => (o.payment.status = 'paid'), 'payment.status'],
    [
      'bad fulfilment type',
      (o: Plain) => (o.lines[0].fulfillment.type = 'drone'),
      'lines.0.fulfillment.type',
    ],
    ['bad fraud decision', (o: Plain) => (o.fraud.decision = 'maybe'), 'fraud.decision'],
    [
      'pickup without store',
      (o: Plain) => delete o.lines[1].fulfillment.locationId,
      'lines.1.fulfillment.locationId',
    ],
    ['timestamp without offset', (o: Plain) => (o.orderedAt = '2026-11-20T14:03:11'), 'orderedAt'],
    ['date only', (o: Plain) => (o.orderedAt = '2026-11-20'), 'orderedAt'],
    ['impossible date', (o: Plain) => (o.orderedAt = '2026-02-30T10:00:00Z'), 'orderedAt'],
    ['unknown top-level field', (o: Plain) => (o.giftWrap = true), 'giftWrap'],
    ['unknown nested field', (o: Plain) => (o.lines[0].colour = 'black'), 'lines.0.colour'],
    [
      'bad country',
      (o: Plain) => (o.shippingAddress.countryCode = 'Germany'),
      'shippingAddress.countryCode',
    ],
    ['bad channel', (o: Plain) => (o.channel = 'Shop Ify'), 'channel'],
    ['no lines', (o: Plain) => (o.lines = []), 'lines'],
    ['missing payment', (o: Plain) => delete o.payment, 'payment'],
    ['over-long sku', (o: Plain) => (o.lines[0].sku = 'X'.repeat(65)), 'lines.0.sku'],
  ])('rejects %s', (_name, mutate, field) => {
    const plain = order();
    mutate(plain);
    expect(fieldsOf(plain)).toContain(field);
  });

  describe('non_stock lines and tenders', () => {
    const pos = (): Plain => loadFixture(__dirname, 'canonical-order-non-stock.json');

    it('accepts the golden POS order: a non_stock line without sku, two tenders', () => {
      const { value, errors } = sut(CanonicalOrder, pos());
      expect(errors).toEqual([]);
      expect(value.lines.map((l) => [l.kind, l.sku])).toEqual([
        ['non_stock', undefined],
        ['stock', 'MUG-WHT-350'],
      ]);
      expect(value.payments?.map((p) => p.amount)).toEqual([1000, 1000]);
    });

    it.each([
      ['a stock line without sku', (o: Plain) => delete o.lines[1].sku, 'lines.1.sku'],
      [
        'a line without kind and without sku',
        (o: Plain) => {
          delete o.lines[1].kind;
          delete o.lines[1].sku;
        },
        'lines.1.sku',
      ],
      ['an unknown kind', (o: Plain) => (o.lines[0].kind = 'service'), 'lines.0.kind'],
      ['an empty title', (o: Plain) => (o.lines[0].title = ''), 'lines.0.title'],
      [
        'a tender with a float amount',
        (o: Plain) => (o.payments[1].amount = 10.5),
        'payments.1.amount',
      ],
      ['a tender without status', (o: Plain) => delete o.payments[0].status, 'payments.0.status'],
      ['payments that are no array', (o: Plain) => (o.payments = o.payment), 'payments'],
    ])('rejects %s', (_name, mutate, field) => {
      const plain = pos();
      mutate(plain);
      expect(fieldsOf(plain)).toContain(field);
    });

    it('keeps a sku a non_stock line carries (checked like any sku)', () => {
      const plain = pos();
      plain.lines[0].sku = 'X'.repeat(65);
      expect(fieldsOf(plain)).toContain('lines.0.sku');
      plain.lines[0].sku = 'GIFT-WRAP';
      expect(fieldsOf(plain)).toEqual([]);
    });
  });

  it('rejects more than 500 lines', () => {
    const plain = order();
    plain.lines = Array.from({ length: 501 }, (_, i) => ({ ...plain.lines[0], lineId: `l${i}` }));
    expect(fieldsOf(plain)).toContain('lines');
  });

  it('accepts exactly 500 lines', () => {
    const plain = order();
    plain.lines = Array.from({ length: 500 }, (_, i) => ({ ...plain.lines[0], lineId: `l${i}` }));
    expect(fieldsOf(plain)).toEqual([]);
  });
});

describe('FulfillmentEvent contract', () => {
  const event = (): Plain => loadFixture(__dirname, 'fulfillment-event.json');

  it('accepts the golden fulfilment event', () => {
    expect(sut(FulfillmentEvent, event()).errors).toEqual([]);
  });

  it.each([
    ['bad type', (e: Plain) => (e.type = 'lost'), 'type'],
    ['negative quantity', (e: Plain) => (e.lines[0].quantity = -2), 'lines.0.quantity'],
    ['empty serial', (e: Plain) => (e.lines[0].serialNumbers = ['']), 'lines.0.serialNumbers'],
    ['empty lot', (e: Plain) => (e.lines[0].lotNumber = ''), 'lines.0.lotNumber'],
    ['oversized lot', (e: Plain) => (e.lines[0].lotNumber = 'L'.repeat(65)), 'lines.0.lotNumber'],
    ['missing location', (e: Plain) => delete e.locationId, 'locationId'],
  ])('rejects %s', (_name, mutate, field) => {
    const plain = event();
    mutate(plain);
    expect(sut(FulfillmentEvent, plain).errors.map((e) => e.field)).toContain(field);
  });
});

describe('CancelOrder contract', () => {
  it('accepts an empty body and a reason', () => {
    expect(sut(CancelOrder, {}).errors).toEqual([]);
    expect(
      sut(CancelOrder, { reasonCode: 'customer_request', reason: 'changed mind' }).errors,
    ).toEqual([]);
  });
});
