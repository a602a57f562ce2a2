import { needsForward, planWindow as sut } from './pull-window';

const o = { skewMs: 120_000, settleMs: 5_000, initialLookbackMs: 86_400_000 };
const now = new Date('2026-01-10T12:00:00Z');

describe('planWindow', () => {
  it('starts a new account one lookback back', () => {
    const w = sut({ cursorAt: null, windowStart: null, windowEnd: null }, now, o);
    expect(w.since.toISOString()).toBe('2026-01-09T11:58:00.000Z');
    expect(w.until.toISOString()).toBe('2026-01-10T11:59:55.000Z');
    expect(w.resumed).toBe(false);
  });

  it('overlaps the previous window by the skew margin', () => {
    const cursorAt = new Date('2026-01-10T11:50:00Z');
    const w = sut({ cursorAt, windowStart: null, windowEnd: null }, now, o);
    expect(w.since.toISOString()).toBe('2026-01-10T11:48:00.000Z');
  });

  it('resumes an interrupted window with the same bounds', () => {
    const windowStart = new Date('2026-01-10T10:00:00Z');
    const windowEnd = new Date('2026-01-10T11:00:00Z');
    const w = sut({ cursorAt: null, windowStart, windowEnd }, now, o);
    expect(w).toEqual({ since: windowStart, until: windowEnd, resumed: true });
  });

  it('never ends a window before the cursor (a clock that went back)', () => {
    const cursorAt = new Date('2026-01-10T12:30:00Z');
    const w = sut({ cursorAt, windowStart: null, windowEnd: null }, now, o);
    expect(w.until.getTime()).toBe(cursorAt.getTime());
  });
});

describe('needsForward', () => {
  const at = new Date('2026-01-10T10:00:00Z');
  it('forwards an order never acknowledged', () => expect(needsForward(at, undefined)).toBe(true));
  it('skips the same version', () =>
    expect(needsForward(at, { channelUpdatedAt: new Date(at) })).toBe(false));
  it('skips an older version (out-of-order pages)', () =>
    expect(needsForward(at, { channelUpdatedAt: new Date(at.getTime() + 1) })).toBe(false));
  it('forwards a newer version (an update or a cancellation)', () =>
    expect(needsForward(at, { channelUpdatedAt: new Date(at.getTime() - 1) })).toBe(true));
});
