import type { CanonicalOrder, FulfillmentType, OrderLine } from '@retail/contracts';

/** The channels with a native ingestion route (`POST /v1/channels/<channel>/orders`). */
export const CHANNEL_NAMES = [
  'shopify',
  'amazon',
  'adobe-commerce',
  'bigcommerce',
  'salesforce-commerce',
  'square',
] as const;

/** A channel with a native adapter. */
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** What a channel-native route hands to an adapter. */
export interface ChannelRequest {
  /** Request headers (any case; Fastify lower-cases them). */
  headers: Record<string, string | string[] | undefined>;
  /** The exact bytes received: signatures are computed over these, never over re-serialised JSON. */
  rawBody: Buffer;
  /** The parsed JSON body. */
  payload: unknown;
}

/** Webhook secrets, from the service config (`SHOPIFY_WEBHOOK_SECRET`, `SQUARE_WEBHOOK_*`). */
export interface ChannelSecrets {
  /** Shopify app client secret. Comma-separated to accept the old secret during a rotation. */
  shopifyWebhookSecret?: string;
  /** Square webhook subscription signature key. Comma-separated during a rotation. */
  squareSignatureKey?: string;
  /** The exact notification URL registered with Square (part of the signed message). */
  squareNotificationUrl?: string;
}

/**
 * One mapped line: canonical fields with `sku` still the channel's SKU (resolved later). A
 * `non_stock` line (custom item, gift card, tip, service) has no `sku`; `channelSku` keeps what
 * the channel sent, if anything, for lineage.
 */
export interface ChannelOrderLine extends Omit<OrderLine, 'fulfillment' | 'sku'> {
  sku?: string;
  /** The channel's SKU (or the channel's item id where the channel has no SKU), as sent. */
  channelSku?: string;
  fulfillment: { type: FulfillmentType; locationId?: string };
}

/** Why an accepted order cannot be completed yet (the pipeline parks it `on_hold`). */
export const HOLD_REASONS = [
  /** Amazon withheld the delivery address (restricted PII): fetch it, then release. */
  'address_restricted',
  /** The tenders do not add up to the order total. */
  'payment_tenders_mismatch',
  /** A price the channel left out could not be derived from what it sent. */
  'price_missing',
] as const;
export type HoldReasonCode = (typeof HOLD_REASONS)[number];

/** One reason to hold an accepted order, with what a person needs to resolve it. */
export interface HoldReason {
  reason: HoldReasonCode;
  detail: string;
}

/** A canonical order whose line SKUs are still the channel's (see {@link ChannelOrderLine}). */
export interface CanonicalOrderDraft extends Omit<CanonicalOrder, 'lines'> {
  lines: ChannelOrderLine[];
}

/** Result of mapping one channel payload. */
export interface MappedChannelOrder {
  channel: ChannelName;
  /** The channel's order id (string), equal to `order.channelOrderId`. */
  channelOrderId: string;
  /** Delivery-level de-duplication keys, e.g. `shopify:event:<X-Shopify-Event-Id>`. */
  dedupeKeys: string[];
  /** The canonical order, channel SKUs not yet resolved. */
  order: CanonicalOrderDraft;
  /**
   * `order` without the channel extras, as validated against `CanonicalOrder` by the mapping
   * (validated once per request: the intake stores this one).
   */
  canonical: CanonicalOrder;
  /** Human-readable notes of every transformation applied (for the order timeline). */
  transformations: string[];
  /** What keeps the order from completing yet: accepted, then held `on_hold` with these reasons. */
  holds: HoldReason[];
}

/** One channel's signature check and payload mapping. Pure: no I/O. */
export interface ChannelAdapter {
  readonly channel: ChannelName;
  /** Throws `ProblemException(401, 'invalid-signature')` unless the request is authentic. */
  verify(req: ChannelRequest, secrets: ChannelSecrets): void;
  /** Throws `ProblemException(422, 'invalid-channel-payload', detail, errors)` if unmappable. */
  map(req: ChannelRequest): MappedChannelOrder;
}
