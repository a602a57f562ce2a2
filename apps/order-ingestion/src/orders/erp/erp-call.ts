import { Inject, Injectable } from '@nestjs/common';
import {
  ErpAdapter,
  ErpDocumentLine,
  ErpNotFoundError,
  ErpRejectedError,
  ErpSalesOrder,
  ErpThrottledError,
  ErpUnavailableError,
} from '@retail/backoffice-adapters';
import { lineKind, lineTitle } from '../domain/line-kind';
import type { OrderState } from '../domain/order-state';
import { erpCalls } from '../metrics';
import { CatalogPort } from '../ports/catalog.port';
import { ERP_ADAPTER } from '../ports/erp.port';
import { ErpBreaker, isBreakerOpen } from './erp-breaker';
import { ErpCustomers } from './erp-customers';
import type { ErpAttemptOutcome, ErpOperation } from './erp-job';

/**
 * One ERP call for one job, through the circuit breaker, classified into an outcome. The sales
 * order is an upsert keyed by the order's external id, so a call repeated after a timeout (the
 * ERP may have committed) finds the record instead of creating a second one.
 */
@Injectable()
export class ErpCall {
  constructor(
    @Inject(ERP_ADAPTER) private readonly erp: ErpAdapter,
    private readonly breaker: ErpBreaker,
    private readonly catalog: CatalogPort,
    private readonly customers: ErpCustomers,
  ) {}

  async execute(operation: ErpOperation, order: OrderState): Promise<ErpAttemptOutcome> {
    const ctx = { correlationId: order.correlationId };
    const outcome = await this.attempt(async (): Promise<ErpAttemptOutcome> => {
      if (operation === 'cancel') {
        const result = await this.erp.cancelSalesOrder(order.erpExternalId, ctx);
        return { kind: 'done', salesOrderId: result.salesOrderId };
      }
      const result = await this.erp.upsertSalesOrder(await this.salesOrder(order, ctx), ctx);
      return { kind: 'done', salesOrderId: result.salesOrderId, created: result.created };
    }, operation);
    erpCalls().inc({ operation, outcome: outcome.kind === 'done' ? 'ok' : outcome.kind });
    return outcome;
  }

  /** One call through the breaker, classified (the ERP postings call through it too). */
  async attempt(
    call: () => Promise<ErpAttemptOutcome>,
    operation: ErpOperation,
  ): Promise<ErpAttemptOutcome> {
    try {
      return await this.breaker.fire(call);
    } catch (err) {
      if (isBreakerOpen(err)) return { kind: 'breaker_open' };
      // Cancelling a sales order the ERP never had: nothing to undo.
      if (err instanceof ErpNotFoundError && operation === 'cancel') return { kind: 'done' };
      if (err instanceof ErpThrottledError)
        return { kind: 'throttled', retryAfterMs: err.retryAfterMs, error: err.message };
      if (err instanceof ErpUnavailableError) return { kind: 'unavailable', error: err.message };
      if (err instanceof ErpRejectedError) return { kind: 'rejected', error: err.message };
      return { kind: 'unavailable', error: (err as Error).message };
    }
  }

  private async salesOrder(
    order: OrderState,
    ctx: { correlationId: string },
  ): Promise<ErpSalesOrder> {
    const canonical = order.order;
    const lines: ErpDocumentLine[] = [];
    // Two independent reads (the lines' ERP items, the buyer's ERP customer, ADR 0041) side by
    // side: the lane waits for one round trip before it queues at the governor, not two.
    const [products, customerId] = await Promise.all([
      this.catalog.getProducts(
        canonical.lines.filter((l) => lineKind(l) !== 'non_stock' && l.sku).map((l) => l.sku!),
      ),
      this.customers.customerId(order, ctx),
    ]);
    for (const line of canonical.lines) {
      const price = {
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discount,
        tax: line.tax,
      };
      // A non-stock line (service, gift wrap) has no inventory item: the ERP client maps it to
      // its configured non-inventory item from `kind` and `title`.
      if (lineKind(line) === 'non_stock') {
        lines.push({
          lineId: line.lineId,
          kind: 'non_stock',
          title: lineTitle(line) ?? line.sku ?? line.lineId,
          ...price,
        });
        continue;
      }
      const product = line.sku ? products.get(line.sku) : undefined;
      lines.push({ lineId: line.lineId, itemId: product?.erpItemId ?? line.sku, ...price });
    }
    return {
      externalId: order.erpExternalId,
      // The ERP's own customer (ADR 0041), looked up or created before the sales order.
      customerId,
      orderDate: canonical.orderedAt,
      currency: canonical.currency,
      memo: `${order.channel} order ${order.channelOrderId}`.slice(0, 200),
      lines,
    };
  }
}

/** An ERP line with the non-stock fields the ERP client is gaining. */
