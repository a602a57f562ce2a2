import type { CanonicalOrder } from '@retail/contracts';

/** The raw request kept for lineage (the exact bytes, as received). */
export interface RawPayload {
  /** `canonical` or the channel name. */
  source: string;
  contentType?: string;
  /** Delivery headers worth keeping (event ids, topic), never secrets or signatures. */
  headers: Record<string, string>;
  payload: string;
}

/** An order to store: canonical fields, line SKUs possibly still the channel's. */
export interface IngestOrderCommand {
  order: CanonicalOrder;
  /** Channel SKU per line id, when the line's `sku` is the channel's. */
  channelSkus: Record<string, string>;
  /** Delivery-level keys (webhook/event ids), de-duplicated per channel. */
  dedupeKeys: string[];
  /** Mapper notes, for the timeline. */
  transformations: unknown[];
  raw: RawPayload;
  correlationId: string;
  /**
   * Why the order, accepted, cannot complete yet (e.g. `address_restricted`): the pipeline parks
   * it `on_hold` with these reasons. Added by the channel routes; the pipeline acts on it.
   */
  holds?: Array<{ reason: string; detail: string }>;
}

export interface IngestOrderResult {
  orderId: string;
  status: string;
  /** False when the channel order (or the delivery) was already known. */
  created: boolean;
}
