import type { ReturnLineRecord, ReturnRecord } from '../domain/return-record';

type Row = Record<string, any>;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : undefined);
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function toLine(r: Row): ReturnLineRecord {
  return {
    lineId: r.line_id,
    sku: r.sku,
    erpItemId: r.erp_item_id,
    quantity: r.quantity,
    reasonCode: r.reason_code,
    serialNumbers: r.serial_numbers ?? [],
    lotNumber: opt(r.lot_number),
    unitPrice: Number(r.unit_price),
    discountShare: Number(r.discount_share),
    taxShare: Number(r.tax_share),
    poolQuantity: r.pool_quantity,
    poolTax: Number(r.pool_tax),
    restockingFeePercent: Number(r.restocking_fee_percent),
    serialTracked: r.serial_tracked,
    condition: opt(r.condition),
    disposition: opt(r.disposition),
  };
}

export function toReturn(r: Row, lines: Row[]): ReturnRecord {
  return {
    id: r.id,
    orderId: r.order_id,
    orderChannel: r.order_channel,
    channel: r.channel,
    locationId: r.location_id,
    resolution: r.resolution,
    status: r.status,
    currency: r.currency,
    customerId: opt(r.customer_id),
    orderData: r.order_data,
    exchangeLines: opt(r.exchange_lines),
    exchange: opt(r.exchange),
    estimate: r.estimate,
    refund: opt(r.refund),
    refundReference: opt(r.refund_reference),
    replacementOrderId: opt(r.replacement_order_id),
    erpCreditMemoId: opt(r.erp_credit_memo_id),
    approvalReasons: opt(r.approval_reasons),
    statusReason: opt(r.status_reason),
    resumeStatus: opt(r.resume_status),
    taxBasis: r.tax_basis,
    correlationId: opt(r.correlation_id),
    receivedAt: iso(r.received_at),
    inspectedAt: iso(r.inspected_at),
    createdAt: iso(r.created_at)!,
    lines: lines.map(toLine),
  };
}
