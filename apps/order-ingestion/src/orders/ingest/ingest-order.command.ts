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
   * What cannot be completed yet, known at intake (e.g. `address_restricted` for an Amazon order
   * whose address needs a restricted-data token): the pipeline parks the order `on_hold` with
   * that reason until an administrator releases it.
   */
  holds?: Array<{ reason: string; detail: string }>;
}

export interface IngestOrderResult {
  orderId: string;
  status: string;
  /** False when the channel order (or the delivery) was already known. */
  created: boolean;
}
