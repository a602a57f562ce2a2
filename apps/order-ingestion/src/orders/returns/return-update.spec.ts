import { SUBJECTS } from '@retail/contracts';
import { orderReturnUpdate, returnedQuantity } from './return-update';

describe('orderReturnUpdate (return events as the order keeps them)', () => {
  const data = {
    returnId: 'r1',
    orderId: 'o1',
    lines: [{ lineId: 'L1', quantity: 2, sku: 'A' }],
    receivedAt: '2026-03-01T10:00:00.000Z',
  };

  it('ranks the statuses so that only a further one wins, with rejected and closed terminal', () => {
    const rank = (type: string) => orderReturnUpdate(type, data)!.rank;
    expect(rank(SUBJECTS.RETURN_AUTHORIZED)).toBeLessThan(rank(SUBJECTS.RETURN_RECEIVED));
    expect(rank(SUBJECTS.RETURN_RECEIVED)).toBeLessThan(rank(SUBJECTS.RETURN_INSPECTED));
    expect(rank(SUBJECTS.RETURN_INSPECTED)).toBeLessThan(rank(SUBJECTS.RETURN_REFUNDED));
    expect(rank(SUBJECTS.RETURN_REFUNDED)).toBeLessThan(rank(SUBJECTS.RETURN_CLOSED));
    expect(rank(SUBJECTS.RETURN_REJECTED)).toBe(rank(SUBJECTS.RETURN_CLOSED));
  });

  it('keeps the lines without their other fields and the receipt time only from return.received', () => {
    expect(orderReturnUpdate(SUBJECTS.RETURN_RECEIVED, data)).toEqual({
      orderId: 'o1',
      returnId: 'r1',
      status: 'received',
      rank: 2,
      lines: [{ lineId: 'L1', quantity: 2 }],
      receivedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(orderReturnUpdate(SUBJECTS.RETURN_CLOSED, data)).not.toHaveProperty('receivedAt');
    expect(orderReturnUpdate(SUBJECTS.ORDER_SHIPPED, data)).toBeUndefined();
  });

  it('counts a line as returned only for received returns that were not rejected', () => {
    const returns = [
      { returnId: 'a', status: 'closed', lines: [{ lineId: 'L1', quantity: 1 }], receivedAt: 't' },
      { returnId: 'b', status: 'authorized', lines: [{ lineId: 'L1', quantity: 5 }] },
      {
        returnId: 'c',
        status: 'inspected',
        lines: [
          { lineId: 'L1', quantity: 2 },
          { lineId: 'L2', quantity: 1 },
        ],
        receivedAt: 't',
      },
      {
        returnId: 'd',
        status: 'rejected',
        lines: [{ lineId: 'L1', quantity: 4 }],
        receivedAt: 't',
      },
    ];
    expect(returnedQuantity(returns, 'L1')).toBe(3);
    expect(returnedQuantity(returns, 'L2')).toBe(1);
    expect(returnedQuantity(returns, 'L3')).toBe(0);
  });
});
