import { createHash } from 'crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  ErpAdapter,
  ErpBillingDocument,
  ErpDocumentLine,
  ErpItemFulfillment,
} from '@retail/backoffice-adapters';
import type { FulfillmentEvent, InvoiceRequestedEvent } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { Job, JobOutcome, JobStore, type Queryable } from '@retail/platform-jobs';
import { RequestContext } from '@retail/platform-observability';
import { DataSource } from 'typeorm';
import type { OrderIngestionConfig } from '../../config/env';
import type { OrderState } from '../domain/order-state';
import { erpCalls } from '../metrics';
import { OrdersRepository } from '../persistence/orders.repository';
import { CatalogPort } from '../ports/catalog.port';
import { ERP_ADAPTER } from '../ports/erp.port';
import { ErpCall } from './erp-call';
import { ErpCustomers } from './erp-customers';
import { ERP_PRIORITY, ERP_QUEUE, type ErpJobPayload } from './erp-job';
import { ErpQueue } from './erp-queue';
import { PostingRecordType, PostingSchedule } from './posting-schedule';

/** One hand-over as the ERP postings need it, fixed when the shipment is recorded. */
export interface ErpPosting {
  fulfillmentEventId: string;
  /** `itemFulfillment` for a fulfillment job; `invoice` or `cashSale` (by rule) for billing. */
  recordType: PostingRecordType;
  /** When the posting became due (epoch ms): a batch holds it to the next boundary. */
  dueAt: number;
  occurredAt: string;
  locationId: string;
  carrier?: string;
  trackingNumber?: string;
  currency: string;
  /** The invoice lines of the hand-over (discount and tax prorated, as `invoice.requested`). */
  lines: InvoiceRequestedEvent['lines'];
  /** Shipping billed with the first hand-over, minor units before tax. */
  shippingCost?: number;
}

type PostingOperation = 'fulfillment' | 'billing';
export const isPosting = (operation: string): operation is PostingOperation =>
  operation === 'fulfillment' || operation === 'billing';

const postingKey = (orderId: string, operation: PostingOperation, eventId: string) =>
  `${orderId}:${operation}:${eventId}`;

/** External id of a posting: the sales order's, a record tag, and the hand-over. */
function postingExternalId(order: OrderState, tag: string, eventId: string): string {
  const event = /^[A-Za-z0-9_-]{1,64}$/.test(eventId)
    ? eventId
    : createHash('sha256').update(eventId).digest('hex').slice(0, 32);
  return `${order.erpExternalId}-${tag}-${event}`.slice(0, 255);
}

/**
 * The ERP postings of a shipment (ADR 0041): an item fulfillment, then an invoice or a cash sale,
 * each a job of the ERP queue keyed by order and hand-over, each record keyed in the ERP by an
 * external id made of the order's and the hand-over's, so a retry finds what the first attempt
 * created. Each waits for the sales order (and the bill for its fulfillment), then for its record
 * type's posting window or batch boundary (ERP_POSTING_SCHEDULE): a held posting is rescheduled
 * to the opening, so it flows on by itself, and its hold is noted on the order's timeline.
 */
@Injectable()
export class ErpPostings implements OnApplicationBootstrap {
  private readonly logger = new Logger(ErpPostings.name);
  private readonly schedule: PostingSchedule;
  private readonly cashSaleChannels: Set<string>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig,
    @Inject(ERP_ADAPTER) private readonly erp: ErpAdapter,
    private readonly db: DataSource,
    private readonly orders: OrdersRepository,
    private readonly queue: ErpQueue,
    private readonly call: ErpCall,
    private readonly customers: ErpCustomers,
    private readonly catalog: CatalogPort,
  ) {
    this.schedule = PostingSchedule.parse(config.env.ERP_POSTING_SCHEDULE);
    this.cashSaleChannels = new Set(
      config.env.ERP_CASH_SALE_CHANNELS.split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    );
  }

  /** Held postings are looked at again under this start's schedule (it may have changed). */
  onApplicationBootstrap(): void {
    JobStore.hurry(this.db, ERP_QUEUE).catch((err: Error) =>
      this.logger.warn({ err: err.message }, 'could not re-evaluate held ERP postings'),
    );
  }

  /** Queues the postings of a hand-over, in the transaction that records it. */
  async enqueue(
    q: Queryable,
    order: OrderState,
    event: FulfillmentEvent,
    invoice: InvoiceRequestedEvent,
  ): Promise<void> {
    const shipping = invoice.shipping;
    const posting = {
      fulfillmentEventId: event.eventId,
      dueAt: Date.now(),
      occurredAt: event.occurredAt,
      locationId: event.locationId,
      ...(event.carrier ? { carrier: event.carrier } : {}),
      ...(event.trackingNumber ? { trackingNumber: event.trackingNumber } : {}),
      currency: invoice.currency,
      lines: invoice.lines,
      ...(shipping ? { shippingCost: shipping.amount - (shipping.discount ?? 0) } : {}),
    };
    const billing = this.cashSaleChannels.has(order.channel) ? 'cashSale' : 'invoice';
    const draft = (operation: PostingOperation, recordType: PostingRecordType) => ({
      key: postingKey(order.id, operation, event.eventId),
      payload: { orderId: order.id, operation, posting: { ...posting, recordType } },
      priority: ERP_PRIORITY[operation],
    });
    await JobStore.enqueue(q, ERP_QUEUE, [
      draft('fulfillment', 'itemFulfillment'),
      draft('billing', billing),
    ]);
  }

  async process(job: Job<ErpJobPayload>): Promise<JobOutcome> {
    const { orderId, operation, posting } = job.payload;
    if (!posting || !isPosting(operation)) return { kind: 'dead', error: 'not a posting job' };
    const order = await this.orders.load(orderId);
    if (!order) return { kind: 'dead', error: `no order ${orderId}` };
    const waiting = await this.waitingFor(order, operation, posting);
    if (waiting) return waiting;
    const now = Date.now();
    const releaseAt = this.schedule.releaseAt(posting.recordType, posting.dueAt, now);
    if (releaseAt > now) {
      const until = new Date(releaseAt).toISOString();
      const reason = `${posting.recordType} held until ${until}: posted ${this.schedule.describe(posting.recordType)}`;
      await this.note(job, order, reason, undefined, false);
      return { kind: 'settled', wakeInMs: releaseAt - now };
    }
    const context = { correlationId: order.correlationId, causationId: `erp-${job.key}` };
    return RequestContext.run(context, async () => {
      const outcome = await this.call.attempt(() => this.post(order, posting), operation);
      erpCalls().inc({ operation, outcome: outcome.kind === 'done' ? 'ok' : outcome.kind });
      switch (outcome.kind) {
        case 'done':
          await this.note(job, order, undefined, { recordType: posting.recordType, ...outcome });
          return { kind: 'settled' };
        case 'throttled':
          return { kind: 'retry', delayMs: outcome.retryAfterMs, error: outcome.error };
        case 'unavailable':
          return { kind: 'retry', error: outcome.error };
        case 'breaker_open':
          return {
            kind: 'retry',
            delayMs: this.config.env.ERP_BREAKER_RESET_MS,
            countAttempt: false,
          };
        case 'rejected': {
          const reason = `ERP rejected ${posting.recordType}: ${outcome.error}`.slice(0, 1000);
          await this.note(job, order, reason, undefined, true);
          return { kind: 'settled' };
        }
      }
    });
  }

  /** The sales order first (and a bill after its fulfillment): a retry that costs no attempt. */
  private async waitingFor(
    order: OrderState,
    operation: PostingOperation,
    posting: ErpPosting,
  ): Promise<JobOutcome | undefined> {
    const later = (delayMs: number, error: string): JobOutcome => ({
      kind: 'retry',
      delayMs,
      error,
      countAttempt: false,
    });
    if (await this.queue.createOpen(this.db, order.id))
      return later(500, 'waiting for the sales order');
    // A sales order the ERP refused: the postings wait for the operator's retry of the order.
    if (!order.erpSalesOrderId)
      return later(this.config.env.ERP_MAX_BACKOFF_MS, 'no ERP sales order yet');
    if (operation === 'billing') {
      const [fulfillment] = await this.db.query(
        `SELECT state FROM jobs WHERE queue = $1 AND key = $2`,
        [ERP_QUEUE, postingKey(order.id, 'fulfillment', posting.fulfillmentEventId)],
      );
      if (fulfillment)
        return later(
          fulfillment.state === 'dead' ? this.config.env.ERP_MAX_BACKOFF_MS : 500,
          'waiting for the item fulfillment',
        );
    }
    return undefined;
  }

  private async post(order: OrderState, posting: ErpPosting) {
    const ctx = { correlationId: order.correlationId };
    const customerId = await this.customers.customerId(order, ctx);
    const stored = new Map(order.lines.map((l) => [l.lineId, l]));
    const canonical = new Map(order.order.lines.map((l) => [l.lineId, l]));
    const skus = posting.lines
      .map((l) => stored.get(l.lineId))
      .filter((l) => l?.kind !== 'non_stock' && l?.sku)
      .map((l) => l!.sku!);
    const products = await this.catalog.getProducts(skus);
    const itemOf = (sku: string) => products.get(sku)?.erpItemId ?? sku;
    const base = {
      salesOrderExternalId: order.erpExternalId,
      customerId,
      memo: `${order.channel} order ${order.channelOrderId}`.slice(0, 200),
    };
    if (posting.recordType === 'itemFulfillment') {
      const lines = posting.lines
        .filter((l) => stored.get(l.lineId)?.kind !== 'non_stock' && stored.get(l.lineId)?.sku)
        .map((l) => ({
          lineId: l.lineId,
          itemId: itemOf(stored.get(l.lineId)!.sku!),
          quantity: l.quantity,
        }));
      // A hand-over of non-stock lines only (a gift card): nothing leaves a warehouse.
      if (lines.length === 0) return { kind: 'done' as const };
      const fulfillment: ErpItemFulfillment = {
        ...base,
        externalId: postingExternalId(order, 'IF', posting.fulfillmentEventId),
        shipDate: posting.occurredAt,
        locationId: posting.locationId,
        ...(posting.carrier ? { carrier: posting.carrier } : {}),
        ...(posting.trackingNumber ? { trackingNumber: posting.trackingNumber } : {}),
        lines,
      };
      const result = await this.erp.createItemFulfillment(fulfillment, ctx);
      return { kind: 'done' as const, salesOrderId: order.erpSalesOrderId, ...result };
    }
    const lines: ErpDocumentLine[] = posting.lines.map((l) => {
      const line = stored.get(l.lineId);
      const amounts = {
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        discount: l.discount,
        tax: l.tax,
      };
      if (line?.kind === 'non_stock' || !line?.sku) {
        const title = line?.title ?? canonical.get(l.lineId)?.title ?? l.lineId;
        return { lineId: l.lineId, kind: 'non_stock', title, ...amounts };
      }
      return { lineId: l.lineId, itemId: itemOf(line.sku), ...amounts };
    });
    const doc: ErpBillingDocument = {
      ...base,
      recordType: posting.recordType,
      externalId: postingExternalId(
        order,
        posting.recordType === 'cashSale' ? 'CS' : 'INV',
        posting.fulfillmentEventId,
      ),
      tranDate: posting.occurredAt,
      currency: posting.currency,
      lines,
      ...(posting.shippingCost ? { shippingCost: posting.shippingCost } : {}),
    };
    const result = await this.erp.createBillingDocument(doc, ctx);
    return { kind: 'done' as const, ...result };
  }

  /**
   * A timeline note on the order (status unchanged), committed with the job's settlement: done
   * (`erp` set), held (rescheduled, costing no attempt) or rejected (`dead`, for an operator).
   */
  private async note(
    job: Job<ErpJobPayload>,
    order: OrderState,
    reason: string | undefined,
    erp?: Record<string, unknown>,
    dead = false,
  ): Promise<void> {
    const recordType = job.payload.posting!.recordType;
    const releaseAt = reason && !dead ? this.heldUntil(job) : undefined;
    await this.db.transaction(async (m) => {
      if (!(await JobStore.holds(m, job))) return;
      const current = (await this.orders.lock(m, order.id)) ?? order;
      await this.orders.apply(m, current, {
        status: current.status,
        cause: `erp-${job.key}`,
        entries: [
          {
            from: current.status,
            to: current.status,
            step: `erp-${recordType}`,
            ...(reason ? { reason } : {}),
            ...(erp ? { transformations: [{ erp }] } : {}),
          },
        ],
      });
      if (erp) await JobStore.complete(m, job);
      else if (dead) await JobStore.kill(m, job, reason ?? 'rejected');
      else await JobStore.retry(m, job, releaseAt! - Date.now(), reason, false);
    });
  }

  private heldUntil(job: Job<ErpJobPayload>): number {
    const posting = job.payload.posting!;
    return this.schedule.releaseAt(posting.recordType, posting.dueAt, Date.now());
  }
}
