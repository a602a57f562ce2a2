import { availabilityTargets, parseLocationMap } from './availability-targets';

const facts = {
  sku: 'SKU-1',
  available: 12,
  byLocation: [
    { locationId: 'DC-EAST', available: 7 },
    { locationId: 'STORE-1', available: 3 },
    { locationId: 'STORE-2', available: 2 },
  ],
};

describe('availabilityTargets', () => {
  it('sends the network total to the default location without a location map', () => {
    expect(availabilityTargets(facts, [], '65000000001')).toEqual([
      { sku: 'SKU-1', channelSku: 'SKU-1', location: '65000000001', quantity: 12 },
    ]);
  });

  it('sums canonical locations into their channel location and leaves unmapped ones out', () => {
    const map = { 'DC-EAST': 'WEB', 'STORE-1': 'SHOPS', 'STORE-9': 'SHOPS', 'DC-WEST': 'WEST' };
    expect(availabilityTargets(facts, [], 'ignored', map)).toEqual([
      { sku: 'SKU-1', channelSku: 'SKU-1', location: 'WEB', quantity: 7 },
      { sku: 'SKU-1', channelSku: 'SKU-1', location: 'SHOPS', quantity: 3 },
      { sku: 'SKU-1', channelSku: 'SKU-1', location: 'WEST', quantity: 0 },
    ]);
  });

  it('gives every mapped channel SKU the same figures, once each', () => {
    const targets = availabilityTargets(facts, ['A-1', 'B-1', 'A-1'], 'L');
    expect(targets.map((t) => [t.channelSku, t.quantity])).toEqual([
      ['A-1', 12],
      ['B-1', 12],
    ]);
  });

  it('never sends a negative figure', () => {
    const short = { sku: 'S', available: -3, byLocation: [{ locationId: 'X', available: -3 }] };
    expect(availabilityTargets(short, [], 'L')[0].quantity).toBe(0);
    expect(availabilityTargets(short, [], 'L', { X: 'Y' })[0].quantity).toBe(0);
  });
});

describe('parseLocationMap', () => {
  it('reads canonical=channel pairs', () => {
    expect(parseLocationMap(' DC-EAST=1 , STORE-1=2 ')).toEqual({ 'DC-EAST': '1', 'STORE-1': '2' });
    expect(parseLocationMap(undefined)).toEqual({});
  });

  it('names a malformed pair', () => {
    expect(parseLocationMap('DC-EAST=1,oops')).toBe('"oops" is not <location>=<channel location>');
    expect(parseLocationMap('A=1=2')).toMatch(/"A=1=2"/);
  });
});
