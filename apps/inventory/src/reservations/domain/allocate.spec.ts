import { allocate, statusOf } from './allocate';

describe('allocate', () => {
  const sut = allocate;
  it('serves a line whole from the location with the most available', () => {
    const result = sut(3, [
      { locationId: 'a', available: 3 },
      { locationId: 'b', available: 5 },
    ]);
    expect(result).toEqual([{ locationId: 'b', quantity: 3 }]);
    expect(statusOf(3, result)).toBe('reserved');
  });

  it('splits across locations when none can serve the line alone', () => {
    const result = sut(7, [
      { locationId: 'a', available: 3 },
      { locationId: 'b', available: 5 },
    ]);
    expect(result).toEqual([
      { locationId: 'b', quantity: 5 },
      { locationId: 'a', quantity: 2 },
    ]);
  });

  it('is partial or backordered when stock is short', () => {
    const partial = sut(9, [
      { locationId: 'a', available: 4 },
      { locationId: 'b', available: 0 },
    ]);
    expect(partial).toEqual([{ locationId: 'a', quantity: 4 }]);
    expect(statusOf(9, partial)).toBe('partial');
    expect(statusOf(9, sut(9, []))).toBe('backordered');
  });
});
