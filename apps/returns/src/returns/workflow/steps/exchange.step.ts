import { Inject, Injectable } from '@nestjs/common';
import type { CanonicalOrder, OrderLine } from '@retail/contracts';
import type { CallContext } from '@retail/backoffice-adapters';
import type { ReturnRecord } from '../../domain/return-record';
import { ORDERS_CLIENT, OrdersClient } from '../../ports/orders-client';
import { ReturnsRepository } from '../../persistence/returns.repository';
import { StepCommit, WorkflowStep } from '../workflow-step';

/**
 * The replacement order of an exchange, placed on order-ingestion with Idempotency-Key
 * `exchange-<returnId>` and channelOrderId `EXCH-<returnId>`: order-ingestion dedupes both, so
 * the replacement exists exactly once. The customer already paid: lines are priced at the
 * original unit price and fully discounted, and the units are picked up at the store that took
 * the return (no address needed; order-ingestion reserves them).
 */
export function replacementOrder(r: ReturnRecord): CanonicalOrder {
  const priceOf = (lineId?: string) =>
    (r.lines.find((l) => l.lineId === lineId) ?? r.lines[0]).unitPrice;
  const lines: OrderLine[] = (r.exchangeLines ?? []).map((x, i) => {
    const unitPrice = priceOf(x.lineId);
    return {
      lineId: `X${i + 1}`,
      sku: x.sku,
      quantity: x.quantity,
      unitPrice,
      discount: unitPrice * x.quantity,
      tax: 0,
      fulfillment: { type: 'pickup', locationId: r.locationId },
    } as OrderLine;
  });
  return {
    channel: r.orderChannel,
    channelOrderId: `EXCH-${r.id}`,
    orderedAt: r.inspectedAt ?? r.createdAt,
    currency: r.currency,
    customer: r.customerId ? { customerId: r.customerId } : {},
    lines,
    payment: { status: 'captured', method: 'exchange', reference: `EXCH-${r.id}`, amount: 0 },
  } as CanonicalOrder;
}

@Injectable()
export class ExchangeStep implements WorkflowStep {
  readonly name = 'exchange' as const;

  constructor(
    @Inject(ORDERS_CLIENT) private readonly orders: OrdersClient,
    private readonly returns: ReturnsRepository,
  ) {}

  async run(r: ReturnRecord, _ctx: CallContext): Promise<StepCommit> {
    const created = await this.orders.createOrder(replacementOrder(r), `exchange-${r.id}`);
    return async (m) => {
      await this.returns.update(m, r.id, { replacement_order_id: created.orderId });
      await this.returns.addTimeline(m, r.id, r.status, 'replacement order', created);
      return created;
    };
  }
}
