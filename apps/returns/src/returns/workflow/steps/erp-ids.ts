import type { ReturnRecord } from '../../domain/return-record';

/** ERP external ids allow `[A-Za-z0-9_-]` only. */
export const erpSafe = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 255);

/** The sales order the return credits: as order-ingestion reports it, else the order id. */
export const salesOrderExternalId = (r: ReturnRecord) =>
  erpSafe(r.orderData.erpSalesOrderExternalId ?? r.orderId);

/** The ERP customer: the canonical customer, or the channel's guest account. */
export const erpCustomerId = (r: ReturnRecord) =>
  erpSafe(r.customerId ?? `${r.orderChannel}-guest`);
