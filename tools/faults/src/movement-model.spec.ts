import { duplicateAndReorder, expectedOnHand, generateMovements, Movement } from './movement-model';
import { Rng } from './prng';

const mv = (
  seq: number,
  type: Movement['type'],
  quantity: number,
  eventId = `e${seq}`,
): Movement => ({
  eventId,
  source: 'wms',
  sourceSequence: seq,
  occurredAt: '2026-11-20T08:00:00Z',
  type,
  sku: 'S',
  locationId: 'L',
  quantity,
});

describe('expectedOnHand', () => {
  it('sums deltas when there is no snapshot', () => {
    expect(
      expectedOnHand([mv(1, 'receipt', 5), mv(2, 'sale', 2), mv(3, 'adjustment', -1)]),
    ).toEqual(new Map([['S|L', 2]]));
  });

  it('keeps only deltas newer than the last snapshot, whatever the order', () => {
    const list = [
      mv(4, 'receipt', 3),
      mv(1, 'receipt', 100),
      mv(2, 'snapshot', 10),
      mv(3, 'sale', 1),
    ];
    expect(expectedOnHand(list).get('S|L')).toBe(12);
    expect(expectedOnHand([...list].reverse()).get('S|L')).toBe(12);
  });

  it('lets the highest snapshot win over an older one', () => {
    expect(expectedOnHand([mv(5, 'snapshot', 7), mv(2, 'snapshot', 50)]).get('S|L')).toBe(7);
  });

  it('treats a repeated eventId as one movement', () => {
    expect(expectedOnHand([mv(1, 'receipt', 5), mv(1, 'receipt', 5)]).get('S|L')).toBe(5);
  });
});

describe('generateMovements + duplicateAndReorder', () => {
  it('is reproducible from the seed and its prediction is order-independent', () => {
    const opts = { prefix: 'T', positions: 3, perPosition: 12, locationId: 'dc' };
    const sut = generateMovements(new Rng(3), opts);
    expect(sut).toEqual(generateMovements(new Rng(3), opts));
    expect(sut.filter((m) => m.type === 'snapshot')).toHaveLength(3);
    const delivered = duplicateAndReorder(new Rng(4), sut, 3);
    expect(delivered.length).toBeGreaterThanOrEqual(sut.length);
    expect(new Set(delivered.map((m) => m.eventId)).size).toBe(sut.length);
    expect(expectedOnHand(delivered)).toEqual(expectedOnHand(sut));
  });
});
