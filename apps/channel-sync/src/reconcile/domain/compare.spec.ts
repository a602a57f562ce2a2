import { compareOrders as sut } from './compare';

const ref = (id: string, cancelled = false) => ({ id, cancelled, status: cancelled ? 'C' : 'O' });

describe('compareOrders', () => {
  const ours = new Map([
    ['1', { orderId: 'o1', status: 'erp_confirmed' }],
    ['2', { orderId: 'o2', status: 'cancelled' }],
    ['3', { orderId: 'o3', status: 'received' }],
  ]);

  it('lists channel orders we do not have as missing', () => {
    expect(sut([ref('1'), ref('9')], ours).missing.map((r) => r.id)).toEqual(['9']);
  });

  it('flags a cancellation on one side only, correctable when the channel cancelled', () => {
    const { mismatches } = sut([ref('2'), ref('3', true), ref('1')], ours);
    expect(mismatches.map((m) => [m.channelOrderId, m.correctable])).toEqual([
      ['2', false],
      ['3', true],
    ]);
  });

  it('finds nothing when both sides agree', () => {
    expect(sut([ref('1'), ref('2', true)], ours)).toEqual({ missing: [], mismatches: [] });
  });
});
