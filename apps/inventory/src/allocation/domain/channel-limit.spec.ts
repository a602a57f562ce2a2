import { channelAvailable, resolveLimit, UNLIMITED } from './channel-limit';

const position = (onHand: number, reserved: number) => ({
  sku: 'S',
  locationId: 'L',
  onHand,
  reserved,
  inTransit: 0,
  damaged: 0,
});

describe('resolveLimit', () => {
  const rules = [
    { sharePercent: 50 },
    { locationId: 'region-eu', sharePercent: 30, safetyStock: 2 },
    { locationId: 'store-1', includeDescendants: false, safetyStock: 5 },
  ];
  it('takes the nearest covering rule, then the network rule, then no limit', () => {
    const sut = resolveLimit;
    expect(sut(rules, ['dc-1', 'region-eu', 'net'])).toEqual({ sharePercent: 30, safetyStock: 2 });
    expect(sut(rules, ['store-1', 'region-eu'])).toEqual({ sharePercent: 100, safetyStock: 5 });
    expect(sut(rules, ['dc-9', 'region-us'])).toEqual({ sharePercent: 50, safetyStock: 0 });
    expect(sut([], ['dc-9'])).toEqual(UNLIMITED);
  });

  it('skips a rule that does not cover descendants for a child location', () => {
    expect(resolveLimit(rules, ['shelf-1', 'store-1', 'region-eu'])).toEqual({
      sharePercent: 30,
      safetyStock: 2,
    });
  });
});

describe('channelAvailable', () => {
  it('is bounded by the shared pool and by the channel share', () => {
    const sut = channelAvailable;
    expect(sut(position(10, 0), 0, { sharePercent: 60, safetyStock: 0 })).toBe(6);
    expect(sut(position(10, 8), 0, { sharePercent: 60, safetyStock: 0 })).toBe(2);
    expect(sut(position(10, 5), 5, { sharePercent: 60, safetyStock: 0 })).toBe(1);
    expect(sut(position(10, 0), 0, { sharePercent: 100, safetyStock: 3 })).toBe(7);
  });

  it('is never negative', () => {
    expect(channelAvailable(position(-4, 0), 0, UNLIMITED)).toBe(0);
    expect(channelAvailable(position(3, 5), 0, UNLIMITED)).toBe(0);
    expect(channelAvailable(position(10, 9), 9, { sharePercent: 50, safetyStock: 0 })).toBe(0);
  });
});
