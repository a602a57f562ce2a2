// The shapes the console reads from the services' public APIs (only the fields it shows). The
// console never imports another app's code: the wire is the contract.

export interface OrderSummary {
  orderId: string;
  channel: string;
  channelOrderId: string;
  status: string;
  statusReason?: string;
  erp: { salesOrderId?: string; state: string };
  createdAt: string;
}

export interface OrderPage {
  items: OrderSummary[];
  nextCursor?: string;
}

export interface TimelineEntry {
  at: string;
  fromStatus?: string;
  status: string;
  step: string;
  causeEventId?: string;
  reason?: string;
  transformations: unknown[];
}

export interface OrderLine {
  lineId: string;
  sku?: string;
  title?: string;
  quantity: number;
  unitPrice: number;
  shippedQuantity: number;
  kind?: string;
  reservationStatus?: string;
  fulfillment: { type: string; locationId?: string };
}

export interface OrderDetail {
  orderId: string;
  channel: string;
  channelOrderId: string;
  currency: string;
  orderedAt: string;
  status: string;
  statusReason?: string;
  lines: OrderLine[];
  fulfillments: Array<{
    fulfillmentId: string;
    type: string;
    locationId?: string;
    status: string;
    lines: Array<{ lineId: string; sku: string; quantity: number }>;
  }>;
  erp: { salesOrderId?: string; state: string; externalId: string };
  timeline: TimelineEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface ReturnSummary {
  returnId: string;
  orderId: string;
  channel: string;
  orderChannel: string;
  locationId: string;
  resolution: string;
  status: string;
  statusReason?: string;
  currency: string;
  refundTotal?: number;
  createdAt: string;
}

export interface ReturnPage {
  items: ReturnSummary[];
  nextCursor?: string;
}

export interface ReturnDetail extends ReturnSummary {
  lines: Array<{ lineId: string; sku: string; quantity: number; reasonCode: string }>;
  timeline: Array<{ at: string; status: string; event: string; detail?: unknown }>;
}

export interface DeadLetter {
  id: number;
  reason: string;
  stream: string;
  consumer: string;
  subject: string;
  streamSequence: number;
  deliveries: number;
  failedAt: string;
  event: {
    id: string;
    type: string;
    subject?: string;
    correlationid?: string;
    time?: string;
  } | null;
  headers: Record<string, string>;
  replayed: { replayedAt: string; replayedBy: string; republishedSequence: number } | null;
}

export interface DeadLetterDetail extends DeadLetter {
  /** The original bytes, as text when they are UTF-8. */
  payload: string;
}

export interface DlqReplayAnswer {
  dryRun: boolean;
  matched: number;
  items: Array<{
    id: number;
    subject: string;
    eventId: string | null;
    correlationId: string | null;
    outcome: 'would-replay' | 'replayed' | 'already-replayed';
  }>;
}

export interface ChannelAccount {
  channel: string;
  inboundMode: string;
  pullLagSeconds: number | null;
  lastError: { message: string; at: string } | null;
  outboundQueueDepth?: number;
}

/** `POST /v1/ops/replay`: a window of a stream re-delivered (or, dry run, what would be). */
export interface StreamReplayAnswer {
  replayId: string;
  stream: string;
  dryRun: boolean;
  matched: number;
  republished: number;
  truncated: boolean;
  firstSequence: number | null;
  lastSequence: number | null;
  items: Array<{
    sequence: number;
    subject: string;
    eventId: string | null;
    correlationId: string | null;
  }>;
}

/** Inventory's `GET /v1/reconciliation/erp`. */
/** `GET /v1/reconciliation/refunds` of returns: refunds vs the payment provider's. */
export interface RefundDriftReport {
  from: string;
  to: string;
  checkedAt: string;
  providerRefunds: number;
  recordedRefunds: number;
  drifting: number;
  items: Array<{
    kind: 'unrecorded_refund' | 'missing_at_provider' | 'amount_mismatch' | 'not_settled';
    returnId?: string;
    refundId: string;
    ours?: { amount: number; currency: string; status: string };
    theirs?: { amount: number; currency: string; status: string; createdAt: string };
    action: string;
  }>;
}

export interface InventoryDriftReport {
  checkedAt: string;
  positions: number;
  drifting: number;
  items: Array<{
    sku: string;
    locationId: string;
    onHand: number;
    unposted: number;
    erpOnHand: number;
    drift: number;
  }>;
}

/** Channel-sync's `POST /v1/channels/{channel}/reconcile`. */
export interface ChannelReconcileReport {
  channel: string;
  from: string;
  to: string;
  dryRun: boolean;
  listed: number;
  missing: string[];
  imported: number;
  mismatches: Array<{
    channelOrderId: string;
    orderId: string;
    channelStatus: string;
    status: string;
    corrected: boolean;
  }>;
}
