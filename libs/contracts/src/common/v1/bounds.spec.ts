import { InventoryMovement } from '../../inventory/v1/inventory-movement';
import { ReservationRequest } from '../../inventory/v1/reservation-request';
import { CanonicalOrder } from '../../orders/v1/canonical-order';
import { loadFixture } from '../../testing/load-fixture';
import { validateContract as sut } from './validate-contract';

type Plain = Record<string, any>;
// What JSON.parse makes of 99999999999999999999: an integer to JavaScript, an overflow to PostgreSQL.
const HUGE = JSON.parse('99999999999999999999') as number;
const fieldsOf = (cls: new () => object, plain: unknown) =>
  sut(cls, plain).errors.map((e) => e.field);

describe('numeric bounds (a huge number is a 422, never a database overflow)', () => {
  it('rejects a huge order line quantity and a huge amount', () => {
    const order: Plain = loadFixture(`${__dirname}/../../orders/v1`, 'canonical-order.json');
    order.lines[0].quantity = HUGE;
    order.lines[0].unitPrice = HUGE;
    expect(fieldsOf(CanonicalOrder, order)).toEqual(
      expect.arrayContaining(['lines.0.quantity', 'lines.0.unitPrice']),
    );
  });

  it('rejects a huge movement quantity and source sequence', () => {
    const [movement]: Plain[] = loadFixture(
      `${__dirname}/../../inventory/v1`,
      'movement-batch.json',
    );
    expect(fieldsOf(InventoryMovement, { ...movement, quantity: HUGE })).toContain('quantity');
    expect(fieldsOf(InventoryMovement, { ...movement, sourceSequence: HUGE })).toContain(
      'sourceSequence',
    );
    expect(
      fieldsOf(InventoryMovement, { ...movement, type: 'adjustment', quantity: -HUGE }),
    ).toContain('quantity');
  });

  it('rejects a huge reservation quantity and keeps the largest allowed one', () => {
    const request = {
      orderId: 'o-1',
      lineId: 'l-1',
      sku: 'SKU-1',
      quantity: HUGE,
      channel: 'shopify',
    };
    expect(fieldsOf(ReservationRequest, request)).toEqual(['quantity']);
    expect(fieldsOf(ReservationRequest, { ...request, quantity: 1_000_000 })).toEqual([]);
  });
});
