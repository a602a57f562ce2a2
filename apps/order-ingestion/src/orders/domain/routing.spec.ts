import { routeLines } from './routing';

describe('routeLines', () => {
  it('splits a pickup line and a ship line into two instructions', () => {
    const sut = routeLines([
      { lineId: '1', fulfillmentType: 'pickup', locationId: 'store-1' },
      { lineId: '2', fulfillmentType: 'ship' },
    ]);
    expect(sut).toEqual([
      { type: 'pickup', locationId: 'store-1', lineIds: ['1'] },
      { type: 'ship', lineIds: ['2'] },
    ]);
  });

  it('groups lines with the same way and location', () => {
    const sut = routeLines([
      { lineId: '1', fulfillmentType: 'ship_from_store', locationId: 's1' },
      { lineId: '2', fulfillmentType: 'ship_from_store', locationId: 's2' },
      { lineId: '3', fulfillmentType: 'ship_from_store', locationId: 's1' },
    ]);
    expect(sut.map((g) => g.lineIds)).toEqual([['1', '3'], ['2']]);
  });
});
