import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthorizedLine, LineLedger } from '../domain/authorization-rules';
import type { OrderLineView } from '../ports/order-view';
import { prorate } from '../domain/money';

type Row = Record<string, any>;

const toLedger = (r: Row): LineLedger => ({
  orderedQuantity: r.ordered_quantity,
  discount: Number(r.discount),
  tax: Number(r.tax),
  allocatedQuantity: r.allocated_quantity,
  allocatedDiscount: Number(r.allocated_discount),
  allocatedTax: Number(r.allocated_tax),
  returnedSerials: r.returned_serials ?? [],
});

/**
 * What every order line has given back so far. Authorizations lock the rows of their lines (in
 * line order, so two returns of one order never deadlock) before checking and allocating: two
 * concurrent partial returns of the same line are serialized and cannot both take the last unit.
 */
@Injectable()
export class LedgerRepository {
  async lock(
    m: EntityManager,
    orderId: string,
    lines: OrderLineView[],
  ): Promise<Map<string, LineLedger>> {
    const sorted = [...lines].sort((a, b) => (a.lineId < b.lineId ? -1 : 1));
    for (const l of sorted) {
      await m.query(
        `INSERT INTO order_line_ledger (order_id, line_id, ordered_quantity, discount, tax)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [orderId, l.lineId, l.quantity, l.discount, l.tax],
      );
    }
    const rows: Row[] = await m.query(
      `SELECT * FROM order_line_ledger WHERE order_id = $1 AND line_id = ANY($2) ORDER BY line_id FOR UPDATE`,
      [orderId, sorted.map((l) => l.lineId)],
    );
    return new Map(rows.map((r) => [r.line_id, toLedger(r)]));
  }

  async allocate(m: EntityManager, orderId: string, lines: AuthorizedLine[]): Promise<void> {
    for (const l of lines) {
      await m.query(
        `UPDATE order_line_ledger SET allocated_quantity = allocated_quantity + $3,
           allocated_discount = allocated_discount + $4, allocated_tax = allocated_tax + $5,
           returned_serials = returned_serials || $6::jsonb
         WHERE order_id = $1 AND line_id = $2`,
        [
          orderId,
          l.request.lineId,
          l.request.quantity,
          l.allocation.discountShare,
          l.allocation.taxShare,
          JSON.stringify(l.request.serialNumbers ?? []),
        ],
      );
    }
  }

  /** Compensation of an authorization: gives the units, shares and serials back. */
  async release(m: EntityManager, orderId: string, returnId: string): Promise<void> {
    const lines: Row[] = await m.query(
      `SELECT * FROM return_lines WHERE return_id = $1 ORDER BY line_id`,
      [returnId],
    );
    await m.query(
      `SELECT 1 FROM order_line_ledger WHERE order_id = $1 AND line_id = ANY($2) ORDER BY line_id FOR UPDATE`,
      [orderId, lines.map((l) => l.line_id)],
    );
    for (const l of lines) {
      await m.query(
        `UPDATE order_line_ledger SET allocated_quantity = allocated_quantity - $3,
           allocated_discount = allocated_discount - $4, allocated_tax = allocated_tax - $5,
           returned_serials = (SELECT coalesce(jsonb_agg(s), '[]'::jsonb)
             FROM jsonb_array_elements(returned_serials) s WHERE NOT (s <@ $6::jsonb))
         WHERE order_id = $1 AND line_id = $2`,
        [
          orderId,
          l.line_id,
          l.quantity,
          l.discount_share,
          l.tax_share,
          JSON.stringify(l.serial_numbers),
        ],
      );
    }
  }

  /**
   * Shipping refunded for `units` defective units: the order's shipping prorated over its shipped
   * units, from what earlier refunds left (so refunds never exceed the shipping paid).
   */
  async allocateShipping(
    m: EntityManager,
    orderId: string,
    shippingTotal: number,
    unitsTotal: number,
    units: number,
  ): Promise<number> {
    if (units === 0 || shippingTotal <= 0 || unitsTotal <= 0) return 0;
    await m.query(
      `INSERT INTO order_shipping_ledger (order_id, shipping_total, units_total) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [orderId, shippingTotal, unitsTotal],
    );
    const [row]: Row[] = await m.query(
      `SELECT * FROM order_shipping_ledger WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    );
    const leftUnits = row.units_total - row.refunded_units;
    const take = Math.min(units, leftUnits);
    const share = prorate(
      Number(row.shipping_total) - Number(row.refunded_amount),
      leftUnits,
      take,
    );
    await m.query(
      `UPDATE order_shipping_ledger SET refunded_units = refunded_units + $2,
         refunded_amount = refunded_amount + $3 WHERE order_id = $1`,
      [orderId, take, share],
    );
    return share;
  }
}
