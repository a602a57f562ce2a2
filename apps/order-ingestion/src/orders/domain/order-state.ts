import type { CanonicalOrder, FulfillmentType, OrderStatus } from '@retail/contracts';
import type { PipelineStep } from './pipeline-step';

/** One stored order line: canonical fields plus what the pipeline learnt about it. */
export interface StoredLine {
  lineId: string;
  position: number;
  sku: string;
  channelSku?: string;
  quantity: number;
  shippedQuantity: number;
  fulfillmentType: FulfillmentType;
  locationId?: string;
  fulfillmentId?: string;
  reservationId?: string;
  reservationStatus?: string;
}

/** An order as the pipeline and the handlers see it. */
export interface OrderState {
  id: string;
  channel: string;
  channelOrderId: string;
  status: OrderStatus;
  step: PipelineStep;
  order: CanonicalOrder;
  customerId?: string;
  holdReleased: boolean;
  erpExternalId: string;
  erpState: string;
  erpSalesOrderId?: string;
  correlationId: string;
  lastCause?: string;
  attempts: number;
  createdAt: Date;
  lines: StoredLine[];
}
