import { ORDER_STATUSES } from '@retail/contracts';
import { canTransition, ORDER_TRANSITIONS } from './order-lifecycle';

describe('order lifecycle', () => {
  it('covers every status and only names statuses', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const targets of Object.values(ORDER_TRANSITIONS))
      for (const to of targets) expect(ORDER_STATUSES).toContain(to);
  });

  it('runs the happy path and lets a note keep the status', () => {
    const path = ['received', 'reserved', 'awaiting_erp', 'erp_confirmed', 'fulfilled'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1], path[i])).toBe(true);
    expect(canTransition('received', 'received')).toBe(true);
  });

  it('never leaves a terminal status and never goes back', () => {
    expect(canTransition('cancelled', 'erp_confirmed')).toBe(false);
    expect(canTransition('fulfilled', 'cancelled')).toBe(false);
    expect(canTransition('erp_confirmed', 'awaiting_erp')).toBe(false);
    expect(canTransition('partially_fulfilled', 'cancelled')).toBe(false);
  });
});
