/** The channels the simulator stands in for, named as the rest of the product names them. */
export const CHANNELS = [
  'shopify',
  'amazon',
  'bigcommerce',
  'adobe-commerce',
  'salesforce-commerce',
  'square',
] as const;
export type ChannelName = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** A stored channel order: the vendor-native document plus what paging needs. */
export interface StoredOrder<T extends object = Record<string, unknown>> {
  id: string;
  /** The vendor's own order document, exactly as the vendor's API returns it. */
  native: T;
  createdAt: number;
  /** Milliseconds; mirrored into the native document's "last modified" field. */
  updatedAt: number;
  /** Insertion order, the tie-breaker when two orders share a timestamp. */
  seq: number;
}
