import type { CanonicalOrder, FulfillmentType, OrderStatus } from '@retail/contracts';
import type { LineKind } from './line-kind';
import type { PipelineStep } from './pipeline-step';

/** One stored order line: canonical fields plus what the pipeline learnt about it. */
export interface StoredLine {
  lineId: string;
  position: number;
  kind: LineKind;
  /** Absent on a non-stock line without SKU. */
  sku?: string;
  title?: string;
  channelSku?: string;
  quantity: number;
  shippedQuantity: number;
  fulfillmentType: FulfillmentType;
  locationId?: string;
  fulfillmentId?: string;
  reservationId?: string;
  reservationStatus?: string;
}

/** A reason set at intake for what cannot be completed yet (e.g. `address_restricted`). */
export interface IngestHold {
  reason: string;
  detail: string;
}

/** An order as the pipeline and the handlers see it. */
export interface OrderState {
  id: string;
  channel: string;
  channelOrderId: string;
  status: OrderStatus;
  statusReason?: string;
  step: PipelineStep;
  order: CanonicalOrder;
  customerId?: string;
  holdReleased: boolean;
  ingestHolds: IngestHold[];
  erpExternalId: string;
  erpState: string;
  erpSalesOrderId?: string;
  correlationId: string;
  lastCause?: string;
  createdAt: Date;
  lines: StoredLine[];
}
