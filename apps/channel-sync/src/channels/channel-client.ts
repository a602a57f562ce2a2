/**
 * One order as a channel lists it: enough to de-duplicate and to decide whether it must be
 * forwarded, plus what the channel returned. `complete()` turns it into the payload
 * order-ingestion's native route accepts (Amazon's items, BigCommerce's products fetched).
 */
export interface ChannelOrderRef {
  /** The channel order id order-ingestion keys on (Adobe: increment_id; Shopify: id ...). */
  id: string;
  /** The channel's last-modified time: the version we de-duplicate on. */
  updatedAt: Date;
  /** Cancelled in the channel. */
  cancelled: boolean;
  /** The channel's coarse status, as it names it (for reconciliation reports). */
  status: string;
  /** The order as listed. */
  raw: Record<string, unknown>;
}

export interface OrderPage {
  orders: ChannelOrderRef[];
  /** Opaque token of the next page; absent on the last. */
  next?: string;
}

/** A pull window: orders updated at or after `since` (the channel has no upper bound). */
export interface PullWindow {
  since: Date;
  until: Date;
}

/** What channel-sync needs from one channel's API. */
export interface ChannelClient {
  /** One page of orders updated since `window.since`, oldest first where the API sorts. */
  listUpdated(
    window: PullWindow,
    pageToken: string | undefined,
    pageSize: number,
  ): Promise<OrderPage>;
  /** The native payload for order-ingestion (fetching sub-resources where the channel needs it). */
  complete(ref: ChannelOrderRef): Promise<unknown>;
  /** One order by id (fetch-on-notify, reconciliation); undefined if the channel has none. */
  fetchOrder(id: string): Promise<ChannelOrderRef | undefined>;
}

/** Strict-ish date parsing of the channels' timestamps; throws on garbage. */
export function channelTime(value: unknown, what: string): Date {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    // Adobe Commerce writes `2024-05-01 10:00:00` in UTC, without offset.
    const normalised = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)
      ? `${text.replace(' ', 'T')}Z`
      : text;
    const at = new Date(normalised);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new Error(`${what}: not a timestamp (${String(value).slice(0, 40)})`);
}

export function idOf(value: unknown, what: string): string {
  if ((typeof value === 'string' && value !== '') || typeof value === 'number')
    return String(value);
  throw new Error(`${what}: missing order id`);
}
