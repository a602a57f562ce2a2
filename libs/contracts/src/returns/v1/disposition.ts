/**
 * What happens to returned stock. Only `resellable` becomes available (at the receiving
 * location); `quarantine` adds to `damaged`; `refurbishable` and `scrap` never become available.
 */
export const DISPOSITIONS = ['resellable', 'refurbishable', 'quarantine', 'scrap'] as const;
/** What happens to returned stock. */
export type Disposition = (typeof DISPOSITIONS)[number];
