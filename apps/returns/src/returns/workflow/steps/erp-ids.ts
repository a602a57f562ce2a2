import type { ErpCreditMemo } from '@retail/backoffice-adapters';
import type { ReturnRecord } from '../../domain/return-record';

/** ERP external ids allow `[A-Za-z0-9_-]` only. */
export const erpSafe = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 255);

/** The sales order the return credits: as order-ingestion reports it, else the order id. */
export const salesOrderExternalId = (r: ReturnRecord) =>
  erpSafe(r.orderData.erpSalesOrderExternalId ?? r.orderId);

/** The ERP customer: the canonical customer, or the channel's guest account. */
export const erpCustomerId = (r: ReturnRecord) =>
  erpSafe(r.customerId ?? `${r.orderChannel}-guest`);

/**
 * The return's ERP credit memo, under external id = return id: what the erp_credit step posts
 * and what refund reconciliation posts again when the ERP lost it (the same document both times).
 */
export function creditMemoOf(r: ReturnRecord): ErpCreditMemo {
  const refund = r.refund!;
  return {
    externalId: erpSafe(r.id),
    returnAuthorizationExternalId: erpSafe(r.id),
    salesOrderExternalId: salesOrderExternalId(r),
    customerId: erpCustomerId(r),
    memoDate: new Date().toISOString(),
    currency: refund.currency,
    restockingFee: refund.restockingFeeTotal,
    memo: `Return ${r.id} (${r.resolution})`,
    lines: refund.lines.map((l) => ({
      lineId: l.lineId,
      itemId: r.lines.find((x) => x.lineId === l.lineId)!.erpItemId,
      quantity: l.quantity,
      amount: l.merchandise + (l.shipping ?? 0),
      tax: l.tax,
    })),
  };
}
