/** One channel SKU's quantity at one channel location: what the channel should show. */
export interface AvailabilityPush {
  channelSku: string;
  location: string;
  quantity: number;
  /** Our version of the figure (inventory's sequence): part of idempotency keys. */
  version?: number;
}

/** Units of one channel SKU in a shipment or cancellation. */
export interface OutboundLine {
  sku: string;
  quantity: number;
}

/** A shipment (or part of one) recorded by the WMS, for the channel. */
export interface ShipmentPush {
  channelOrderId: string;
  /** Our fulfillment event id: the package reference and idempotency key at the channel. */
  shipmentId: string;
  carrier?: string;
  trackingNumber?: string;
  lines: OutboundLine[];
  shippedAt: string;
}

/** A cancellation made here (not in the channel). */
export interface CancellationPush {
  channelOrderId: string;
  cancellationId: string;
  lines: OutboundLine[];
  reason?: string;
}

/** A refund of a return (to the original payment), for the channel's own order and payment. */
export interface RefundPush {
  channelOrderId: string;
  /** Our return id: the refund's reference (note or idempotency key) at the channel. */
  refundId: string;
  /** ISO 4217 currency of the order. */
  currency: string;
  /** Amount refunded, minor units of `currency`. */
  amount: number;
  /** Units refunded per channel SKU, with their share of `amount` (minor units). */
  lines: Array<OutboundLine & { amount: number }>;
}

/** What became of a push: applied now, or found already applied (a retried push). */
export type PushResult = 'applied' | 'already-applied';

/**
 * What channel-sync sends to a channel. `pushAvailability` sets absolute quantities (so a repeat
 * changes nothing); shipments and cancellations check the channel first or carry an idempotency
 * key, so a push retried after a crash or timeout is not applied twice. An operation a channel
 * has no API for is absent.
 */
export interface ChannelOutbound {
  /** Most availability entries one call carries (1: the channel has no bulk endpoint). */
  readonly availabilityBatch: number;
  /** The channel location availability goes to when no location map is configured. */
  defaultLocation(): string;
  pushAvailability(items: AvailabilityPush[]): Promise<void>;
  confirmShipment?(shipment: ShipmentPush): Promise<PushResult>;
  cancelOrder?(cancellation: CancellationPush): Promise<PushResult>;
  acknowledgeOrder?(channelOrderId: string): Promise<PushResult>;
  /** Records our refund on the channel's order (its payment refunded once, by our id). */
  refundReturn?(refund: RefundPush): Promise<PushResult>;
  /**
   * What the channel shows now for these entries (reconciliation; an entry the channel has no
   * figure for is left out); absent: cannot read.
   */
  readAvailability?(items: Array<Omit<AvailabilityPush, 'quantity'>>): Promise<AvailabilityPush[]>;
}
