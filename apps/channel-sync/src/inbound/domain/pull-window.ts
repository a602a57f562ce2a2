export interface CursorState {
  cursorAt: Date | null;
  windowStart: Date | null;
  windowEnd: Date | null;
}

export interface WindowOptions {
  /** The window starts this long before the cursor (clock skew, late-visible orders). */
  skewMs: number;
  /** The window ends this long before now (the channel's listing settles). */
  settleMs: number;
  /** A never-pulled account starts this far back. */
  initialLookbackMs: number;
}

export interface PlannedWindow {
  since: Date;
  until: Date;
  /** A window interrupted before it completed (crash, outage) is pulled again, same bounds. */
  resumed: boolean;
}

/**
 * The next pull window: [cursor - skew, now - settle]. Windows overlap by the skew, so an order
 * that became visible late is still listed; what was already acknowledged is skipped by version.
 * The cursor moves only when a whole window was forwarded, so nothing between two windows is
 * ever skipped, whatever order the pages came in.
 */
export function planWindow(state: CursorState, now: Date, o: WindowOptions): PlannedWindow {
  if (state.windowStart && state.windowEnd) {
    return { since: state.windowStart, until: state.windowEnd, resumed: true };
  }
  const cursor = state.cursorAt ?? new Date(now.getTime() - o.initialLookbackMs);
  const since = new Date(cursor.getTime() - o.skewMs);
  const until = new Date(Math.max(cursor.getTime(), now.getTime() - o.settleMs));
  return { since, until, resumed: false };
}

/** An order is sent again only when the channel shows a newer version than was acknowledged. */
export function needsForward(
  updatedAt: Date,
  previous: { channelUpdatedAt: Date } | undefined,
): boolean {
  return !previous || previous.channelUpdatedAt.getTime() < updatedAt.getTime();
}
