import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RequestContext } from '@retail/platform-observability';
import { assertCanActFor, Principal } from '@retail/platform-http';
import { OutboxService } from '@retail/platform-messaging';
import type { ReturnCreationResult, ReturnRequest } from '@retail/contracts';
import type { ReturnsConfig } from '../../config/env';
import { approvalReasons } from '../domain/approval';
import { AuthorizedLine, authorizeLines, shippedUnits } from '../domain/authorization-rules';
import { computeRefund } from '../domain/refund-calculator';
import { authorizedEvent } from '../domain/return-events';
import { ReturnException } from '../domain/return.exception';
import type { OrderData, ReturnLineRecord, ReturnRecord } from '../domain/return-record';
import { LedgerRepository } from '../persistence/ledger.repository';
import { ReturnsRepository } from '../persistence/returns.repository';
import { StepsRepository } from '../persistence/steps.repository';
import { OrderLoader } from './order-loader';
import type { OrderView } from '../ports/order-view';
import { PRODUCT_CATALOG, ProductCatalog, ReturnPolicyProduct } from '../ports/product-catalog';
import { nextSteps, stepsFor } from '../workflow/step-names';
import { planExchange } from './exchange-plan';

/** An exchange keeps the sale: no restocking fee is kept from its credit (ADR 0036). */
function toLineRecord(
  l: AuthorizedLine,
  resolution: ReturnRequest['resolution'],
): ReturnLineRecord {
  return {
    lineId: l.request.lineId,
    sku: l.orderLine.sku,
    erpItemId: l.product.erpItemId,
    quantity: l.request.quantity,
    reasonCode: l.request.reasonCode,
    serialNumbers: l.request.serialNumbers ?? [],
    lotNumber: l.request.lotNumber,
    unitPrice: l.orderLine.unitPrice,
    discountShare: l.allocation.discountShare,
    taxShare: l.allocation.taxShare,
    poolQuantity: l.allocation.poolQuantity,
    poolTax: l.allocation.poolTax,
    restockingFeePercent: resolution === 'exchange' ? 0 : l.product.restockingFeePercent,
    serialTracked: l.product.serialTracked,
  };
}

/** The order facts later steps need, copied so they never depend on order-ingestion being up. */
function orderDataOf(order: OrderView): OrderData {
  return {
    channelOrderId: order.channelOrderId,
    orderedAt: order.orderedAt,
    shippingTotal: order.shippingTotal,
    payment: order.payment,
    erpSalesOrderExternalId: order.erpSalesOrderExternalId,
    shippedUnits: shippedUnits(order.shipments),
  };
}

/**
 * Authorizes a return: every contract check under the order lines' locks, the refund estimate,
 * the approval rules, then the return, its steps and `return.authorized` in one transaction.
 */
@Injectable()
export class CreateReturnHandler {
  constructor(
    private readonly db: DataSource,
    private readonly orders: OrderLoader,
    @Inject(PRODUCT_CATALOG) private readonly catalog: ProductCatalog,
    private readonly returns: ReturnsRepository,
    private readonly ledger: LedgerRepository,
    private readonly steps: StepsRepository,
    private readonly outbox: OutboxService,
    @Inject(SERVICE_CONFIG) private readonly config: ReturnsConfig,
  ) {}

  async execute(request: ReturnRequest, principal: Principal): Promise<ReturnCreationResult> {
    const order = await this.orders.load(request.orderId);
    assertCanActFor(principal, order.channel);
    const skus = [
      ...request.lines.map((l) => order.lines.find((o) => o.lineId === l.lineId)?.sku),
      ...(request.exchangeLines ?? []).map((x) => x.sku),
    ].filter((s): s is string => !!s);
    const products = await this.catalog.getProducts([...new Set(skus)]);
    const record = await this.db.transaction(async (m) => {
      const ledgers = await this.ledger.lock(m, order.orderId, order.lines);
      const { errors, lines } = authorizeLines({
        request,
        order,
        products,
        ledgers,
        now: new Date(),
      });
      if (errors.length) throw ReturnException.refused(errors);
      const r = await this.build(m, request, order, lines, products);
      await this.persist(m, r, lines);
      return r;
    });
    const x = record.exchange;
    return {
      returnId: record.id,
      status: record.status,
      refundEstimate: record.estimate,
      ...(x
        ? {
            exchangeEstimate: {
              replacementTotal: x.replacementTotal,
              credit: x.estimatedCredit,
              difference: x.replacementTotal - x.estimatedCredit,
            },
          }
        : {}),
    };
  }

  private async build(
    m: EntityManager,
    request: ReturnRequest,
    order: OrderView,
    lines: AuthorizedLine[],
    products: Map<string, ReturnPolicyProduct>,
  ): Promise<ReturnRecord> {
    const records = lines.map((l) => toLineRecord(l, request.resolution));
    const estimate = computeRefund(order.currency, records);
    const now = new Date();
    const { plan, errors } = planExchange({
      request,
      order,
      lines: records,
      estimatedCredit: estimate.total,
      products,
      windowSeconds: this.config.env.RETURNS_ADVANCE_EXCHANGE_WINDOW_SECONDS,
      now,
    });
    if (errors.length) throw ReturnException.refused(errors);
    // An exchange is held on what the customer may be charged (the replacement), not the credit.
    const reasons = await this.approvalReasonsFor(
      m,
      order,
      Math.max(estimate.total, plan?.replacementTotal ?? 0),
    );
    return {
      id: uuidv7(),
      orderId: order.orderId,
      orderChannel: order.channel,
      channel: request.channel,
      locationId: request.locationId,
      resolution: request.resolution,
      status: reasons.length ? 'pending_approval' : 'authorized',
      currency: order.currency,
      customerId: order.customerId,
      orderData: orderDataOf(order),
      exchangeLines: request.exchangeLines,
      ...(plan ? { exchange: plan } : {}),
      estimate,
      approvalReasons: reasons,
      taxBasis: 'prorated',
      correlationId: RequestContext.correlationId(),
      createdAt: now.toISOString(),
      lines: records,
    };
  }

  private async approvalReasonsFor(m: EntityManager, order: OrderView, estimateTotal: number) {
    const env = this.config.env;
    const days = env.RETURNS_CUSTOMER_WINDOW_DAYS;
    const recent = order.customerId
      ? await this.returns.customerReturnsSince(m, order.customerId, days)
      : 0;
    return approvalReasons({
      estimateTotal,
      threshold: env.RETURNS_APPROVAL_THRESHOLD,
      customerRecentReturns: recent,
      maxCustomerReturns: env.RETURNS_CUSTOMER_MAX_RETURNS,
      windowDays: days,
    });
  }

  private async persist(m: EntityManager, r: ReturnRecord, lines: AuthorizedLine[]) {
    await this.returns.insert(m, r);
    await this.ledger.allocate(m, r.orderId, lines);
    const authorized = r.status === 'authorized';
    const states = Object.fromEntries(stepsFor(r).map((s) => [s, 'waiting' as const]));
    const due = authorized ? nextSteps(r, 'authorize') : [];
    await this.steps.create(m, r.id, {
      ...states,
      ...(authorized ? { authorize: 'done' } : {}),
      ...Object.fromEntries(due.filter((s) => s !== 'receive').map((s) => [s, 'pending'])),
    });
    if (authorized) await this.steps.scheduleAdvanceDue(m, r);
    await this.returns.addTimeline(m, r.id, 'requested', 'requested', {
      lines: r.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
    });
    if (authorized) {
      await this.returns.addTimeline(m, r.id, 'authorized', 'authorized', {
        refundEstimate: r.estimate.total,
      });
      await this.outbox.enqueue(m, authorizedEvent(r, new Date()));
    } else {
      await this.returns.addTimeline(m, r.id, 'pending_approval', 'held for approval', {
        reasons: r.approvalReasons,
      });
    }
  }
}
