import type { StoredLine } from './order-state';
import { applyEventLines, fulfilmentStatus } from './fulfillment-progress';

const line = (lineId: string, quantity: number, shippedQuantity = 0): StoredLine => ({
  lineId,
  position: 0,
  kind: 'stock',
  sku: 'S',
  quantity,
  shippedQuantity,
  fulfillmentType: 'ship',
});

describe('fulfilment progress', () => {
  const lines = [line('1', 2), line('2', 1)];

  it('makes a partial shipment partially_fulfilled and the rest fulfilled', () => {
    const first = applyEventLines(lines, [{ lineId: '1', quantity: 1 }], 'shipped');
    expect(first.ok && fulfilmentStatus(lines, first.shipped)).toBe('partially_fulfilled');
    const shippedAll = applyEventLines(
      lines,
      [
        { lineId: '1', quantity: 2 },
        { lineId: '2', quantity: 1 },
      ],
      'shipped',
    );
    expect(shippedAll.ok && fulfilmentStatus(lines, shippedAll.shipped)).toBe('fulfilled');
  });

  it('refuses unknown lines and shipping more than ordered', () => {
    const sut = applyEventLines(
      [line('1', 2, 2)],
      [
        { lineId: '1', quantity: 1 },
        { lineId: '9', quantity: 1 },
      ],
      'shipped',
    );
    expect(sut.ok).toBe(false);
    expect(!sut.ok && sut.problems.map((p) => p.field)).toEqual([
      'lines.0.quantity',
      'lines.1.lineId',
    ]);
  });

  it('does not count picked or delivered as shipped', () => {
    const sut = applyEventLines(lines, [{ lineId: '1', quantity: 2 }], 'picked');
    expect(sut.ok && fulfilmentStatus(lines, sut.shipped)).toBeUndefined();
  });
});
