import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FaultsService } from '../faults/faults.service';

/** Record counts come from the tables (exact, survive restarts); request counts from memory. */
const COUNTS_SQL = `SELECT
  (SELECT count(*) FROM sales_order)::int AS so_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM sales_order)::int AS so_repeated,
  (SELECT count(*) FROM sales_order_cancellation)::int AS cancel_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM sales_order_cancellation)::int AS cancel_repeated,
  (SELECT count(*) FROM return_authorization)::int AS ra_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM return_authorization)::int AS ra_repeated,
  (SELECT count(*) FROM credit_memo)::int AS cm_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM credit_memo)::int AS cm_repeated,
  (SELECT count(*) FROM inventory_adjustment)::int AS ia_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM inventory_adjustment)::int AS ia_repeated,
  (SELECT coalesce(sum(line_count), 0) FROM inventory_adjustment)::int AS ia_lines,
  (SELECT count(*) FROM item)::int AS items,
  (SELECT count(*) FROM customer)::int AS cu_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM customer)::int AS cu_repeated,
  (SELECT count(*) FROM item_fulfillment)::int AS if_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM item_fulfillment)::int AS if_repeated,
  (SELECT count(*) FROM invoice)::int AS inv_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM invoice)::int AS inv_repeated,
  (SELECT count(*) FROM cash_sale)::int AS cs_created,
  (SELECT coalesce(sum(repeat_count), 0) FROM cash_sale)::int AS cs_repeated,
  (SELECT count(*) FROM wms_request WHERE kind = 'fulfillment')::int AS ful_created,
  (SELECT coalesce(sum(duplicate_count), 0) FROM wms_request WHERE kind = 'fulfillment')::int AS ful_dup,
  (SELECT count(*) FROM wms_request WHERE kind = 'transfer')::int AS tr_created,
  (SELECT coalesce(sum(duplicate_count), 0) FROM wms_request WHERE kind = 'transfer')::int AS tr_dup,
  (SELECT count(*) FROM wms_request WHERE kind = 'disposition')::int AS disp_created,
  (SELECT coalesce(sum(duplicate_count), 0) FROM wms_request WHERE kind = 'disposition')::int AS disp_dup,
  (SELECT coalesce(sum((SELECT sum((li->>'quantityOrdered')::int)
                          FROM jsonb_array_elements(body->'transferOrder'->'lineItems') li)), 0)
     FROM wms_request WHERE kind = 'disposition')::int AS disp_units,
  (SELECT count(*) FROM wms_shipment)::int AS shipments,
  (SELECT count(*) FROM wms_shipment WHERE callback_status = 'delivered')::int AS cb_delivered,
  (SELECT count(*) FROM wms_shipment WHERE callback_status = 'pending')::int AS cb_pending,
  (SELECT count(*) FROM wms_shipment WHERE callback_status = 'failed')::int AS cb_failed,
  (SELECT count(*) FROM refund)::int AS refunds,
  (SELECT coalesce(sum(duplicate_count), 0) FROM refund)::int AS refund_dup,
  (SELECT count(*) FROM refund WHERE status = 'failed')::int AS refund_failed,
  (SELECT count(*) FROM charge)::int AS charges,
  (SELECT coalesce(sum(duplicate_count), 0) FROM charge)::int AS charge_dup,
  (SELECT count(*) FROM charge WHERE status = 'failed')::int AS charge_failed,
  (SELECT count(*) FROM payment_authorization)::int AS auths,
  (SELECT coalesce(sum(duplicate_count), 0) FROM payment_authorization)::int AS auth_dup,
  (SELECT count(*) FROM payment_authorization WHERE status = 'failed')::int AS auth_failed,
  (SELECT count(*) FROM payment_authorization WHERE status = 'requires_capture')::int AS auth_held,
  (SELECT count(*) FROM payment_authorization_action WHERE action = 'capture')::int AS captures,
  (SELECT count(*) FROM payment_authorization_action WHERE action = 'cancel')::int AS voids,
  (SELECT coalesce(sum(duplicate_count), 0) FROM payment_authorization_action)::int AS action_dup,
  (SELECT count(*) FROM tax_quote)::int AS tax_quotes`;

type Counts = Record<string, number>;

@Injectable()
export class StatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly faults: FaultsService,
  ) {}

  async stats() {
    const [counts]: Counts[] = await this.db.query(COUNTS_SQL);
    return {
      erp: { ...erpCounts(counts), ...this.faults.counters('erp') },
      wms: { ...wmsCounts(counts), ...this.faults.counters('wms') },
      payments: {
        refunds: {
          created: counts.refunds,
          duplicate: counts.refund_dup,
          failed: counts.refund_failed,
        },
        charges: {
          created: counts.charges,
          duplicate: counts.charge_dup,
          failed: counts.charge_failed,
        },
        authorizations: {
          created: counts.auths,
          duplicate: counts.auth_dup,
          failed: counts.auth_failed,
          held: counts.auth_held,
          captured: counts.captures,
          voided: counts.voids,
          actionDuplicate: counts.action_dup,
        },
        ...this.faults.counters('payments'),
      },
      tax: { reversalQuotes: { created: counts.tax_quotes }, ...this.faults.counters('tax') },
    };
  }
}

const pair = (created: number, repeated: number) => ({ created, repeated });

function erpCounts(c: Counts) {
  return {
    salesOrders: pair(c.so_created, c.so_repeated),
    cancellations: pair(c.cancel_created, c.cancel_repeated),
    returnAuthorizations: pair(c.ra_created, c.ra_repeated),
    creditMemos: pair(c.cm_created, c.cm_repeated),
    inventoryAdjustments: { ...pair(c.ia_created, c.ia_repeated), lines: c.ia_lines },
    items: { count: c.items },
    customers: pair(c.cu_created, c.cu_repeated),
    itemFulfillments: pair(c.if_created, c.if_repeated),
    invoices: pair(c.inv_created, c.inv_repeated),
    cashSales: pair(c.cs_created, c.cs_repeated),
  };
}

function wmsCounts(c: Counts) {
  return {
    fulfillmentRequests: { created: c.ful_created, duplicate: c.ful_dup },
    transferRequests: { created: c.tr_created, duplicate: c.tr_dup },
    dispositionTransfers: { created: c.disp_created, duplicate: c.disp_dup, units: c.disp_units },
    shipments: {
      confirmed: c.shipments,
      callbacksDelivered: c.cb_delivered,
      callbacksPending: c.cb_pending,
      callbacksFailed: c.cb_failed,
    },
  };
}
