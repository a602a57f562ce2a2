import type { CanonicalOrder, FulfillmentType, OrderStatus } from '@retail/contracts';
import type { LineKind } from '../domain/line-kind';
import type { IngestHold, OrderState, StoredLine } from '../domain/order-state';
import type { PipelineStep } from '../domain/pipeline-step';

export const ORDER_COLUMNS = `id, channel, channel_order_id, status, status_reason, step, "order",
  customer_id, hold_released, ingest_holds, erp_external_id, erp_state, erp_sales_order_id,
  correlation_id, last_cause, created_at`;

export const LINE_COLUMNS = `line_id, position, kind, sku, title, channel_sku, quantity,
  shipped_quantity, fulfillment_type, location_id, fulfillment_id, reservation_id,
  reservation_status`;

export interface OrderRow {
  id: string;
  channel: string;
  channel_order_id: string;
  status: OrderStatus;
  status_reason: string | null;
  step: PipelineStep;
  order: CanonicalOrder;
  customer_id: string | null;
  hold_released: boolean;
  ingest_holds: IngestHold[];
  erp_external_id: string;
  erp_state: string;
  erp_sales_order_id: string | null;
  correlation_id: string;
  last_cause: string | null;
  created_at: Date;
}

export interface LineRow {
  line_id: string;
  position: number;
  kind: LineKind;
  sku: string | null;
  title: string | null;
  channel_sku: string | null;
  quantity: number;
  shipped_quantity: number;
  fulfillment_type: FulfillmentType;
  location_id: string | null;
  fulfillment_id: string | null;
  reservation_id: string | null;
  reservation_status: string | null;
}

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export function toLine(row: LineRow): StoredLine {
  return {
    lineId: row.line_id,
    position: row.position,
    kind: row.kind,
    sku: opt(row.sku),
    title: opt(row.title),
    channelSku: opt(row.channel_sku),
    quantity: row.quantity,
    shippedQuantity: row.shipped_quantity,
    fulfillmentType: row.fulfillment_type,
    locationId: opt(row.location_id),
    fulfillmentId: opt(row.fulfillment_id),
    reservationId: opt(row.reservation_id),
    reservationStatus: opt(row.reservation_status),
  };
}

export function toOrderState(row: OrderRow, lines: LineRow[]): OrderState {
  return {
    id: row.id,
    channel: row.channel,
    channelOrderId: row.channel_order_id,
    status: row.status,
    statusReason: opt(row.status_reason),
    step: row.step,
    order: row.order,
    customerId: opt(row.customer_id),
    holdReleased: row.hold_released,
    ingestHolds: row.ingest_holds ?? [],
    erpExternalId: row.erp_external_id,
    erpState: row.erp_state,
    erpSalesOrderId: opt(row.erp_sales_order_id),
    correlationId: row.correlation_id,
    lastCause: opt(row.last_cause),
    createdAt: row.created_at,
    lines: lines.map(toLine),
  };
}
