import type { ChannelOrderRef } from './channel-client';

/**
 * Where the next page of an offset- or page-numbered listing starts (Adobe Commerce,
 * BigCommerce, Salesforce B2C Commerce): "updated at or after `since`, page `page`" of a list
 * sorted by (last-modified, id). After a full page the next request starts again at the newest
 * last-modified time the page held (page 1), so a change made in the channel during the pull
 * cannot shift an unseen order onto a page already read; only a run of orders sharing one
 * timestamp longer than a page is walked by page number. Orders of that timestamp already seen
 * are listed again and skipped by version (never lost, never sent twice).
 */
export interface Keyset {
  /** ISO 8601, whole seconds (the channels filter at second precision). */
  since: string;
  /** 1-based page within the listing from `since`. */
  page: number;
}

/** The channels' `updated since` filters compare whole seconds. */
const floorToSecond = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

export function firstKeyset(since: Date): Keyset {
  return { since: floorToSecond(since).toISOString(), page: 1 };
}

/** The page token as stored (opaque to the runner); undefined for a foreign or old token. */
export function encodeKeyset(keyset: Keyset): string {
  return JSON.stringify(keyset);
}

export function decodeKeyset(token: string | undefined, windowSince: Date): Keyset {
  if (!token) return firstKeyset(windowSince);
  try {
    const value = JSON.parse(token) as Partial<Keyset>;
    const at = new Date(String(value.since));
    if (!Number.isNaN(at.getTime()) && Number.isInteger(value.page) && value.page! >= 1)
      return { since: floorToSecond(at).toISOString(), page: value.page! };
  } catch {
    /* a token of another format (before keyset paging): the window starts again */
  }
  return firstKeyset(windowSince);
}

/**
 * The keyset after a page. `full`: the channel says the listing from `current` goes on (a full
 * page, or its total says so); otherwise the window is done (undefined).
 */
export function nextKeyset(
  current: Keyset,
  page: Pick<ChannelOrderRef, 'updatedAt'>[],
  full: boolean,
): Keyset | undefined {
  if (!full || page.length === 0) return undefined;
  const newest = floorToSecond(new Date(Math.max(...page.map((r) => r.updatedAt.getTime()))));
  if (newest.getTime() > new Date(current.since).getTime())
    return { since: newest.toISOString(), page: 1 };
  return { since: current.since, page: current.page + 1 };
}
