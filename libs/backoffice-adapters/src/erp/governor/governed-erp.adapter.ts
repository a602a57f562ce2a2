import { ErpBusyError, ErpThrottledError, ErpUnavailableError } from '../../errors';
import type { CallContext } from '@retail/platform-http-client';
import type {
  ErpAdapter,
  ErpBillingDocument,
  ErpCustomer,
  ErpCustomerResult,
  ErpItemFulfillment,
  ErpCancelResult,
  ErpCreditMemo,
  ErpCreditMemoSummary,
  ErpInventoryAdjustmentBatch,
  ErpItemPage,
  ErpOnHand,
  ErpReturnAuthorization,
  ErpSalesOrder,
  ErpSalesOrderResult,
  ErpSalesOrderSummary,
  ErpUpsertResult,
} from '../erp-adapter';
import type { CallSampleOutcome } from './governor.repository';
import { ERP_OPERATION_PRIORITY, ErpOperation } from './erp-priority';
import type { ErpGovernor } from './erp-governor';

/**
 * The ERP port behind the account's governor: every call first waits for a permit (by its
 * priority class, across every service and replica), then runs, then reports its outcome so the
 * adaptive limit follows the ERP. Callers keep calling the port; they may now get ErpBusyError
 * (a retryable throttle) when no permit came within the wait limit.
 */
export class GovernedErpAdapter implements ErpAdapter {
  readonly kind: string;

  constructor(
    private readonly inner: ErpAdapter,
    private readonly governor: ErpGovernor,
  ) {
    this.kind = inner.kind;
  }

  upsertSalesOrder(order: ErpSalesOrder, ctx: CallContext): Promise<ErpSalesOrderResult> {
    return this.run('upsertSalesOrder', () => this.inner.upsertSalesOrder(order, ctx));
  }

  cancelSalesOrder(externalId: string, ctx: CallContext): Promise<ErpCancelResult> {
    return this.run('cancelSalesOrder', () => this.inner.cancelSalesOrder(externalId, ctx));
  }

  findSalesOrder(externalId: string, ctx: CallContext): Promise<ErpSalesOrderSummary | undefined> {
    return this.run('findSalesOrder', () => this.inner.findSalesOrder(externalId, ctx));
  }

  createReturnAuthorization(
    ra: ErpReturnAuthorization,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    return this.run('createReturnAuthorization', () =>
      this.inner.createReturnAuthorization(ra, ctx),
    );
  }

  createCreditMemo(memo: ErpCreditMemo, ctx: CallContext): Promise<ErpUpsertResult> {
    return this.run('createCreditMemo', () => this.inner.createCreditMemo(memo, ctx));
  }

  findCreditMemo(externalId: string, ctx: CallContext): Promise<ErpCreditMemoSummary | undefined> {
    return this.run('findCreditMemo', () => this.inner.findCreditMemo(externalId, ctx));
  }

  postInventoryAdjustments(
    batch: ErpInventoryAdjustmentBatch,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    return this.run('postInventoryAdjustments', () =>
      this.inner.postInventoryAdjustments(batch, ctx),
    );
  }

  fetchItemMaster(
    page: { cursor?: string; limit?: number },
    ctx: CallContext,
  ): Promise<ErpItemPage> {
    return this.run('fetchItemMaster', () => this.inner.fetchItemMaster(page, ctx));
  }

  getOnHand(
    filter: { itemId?: string; locationId?: string },
    ctx: CallContext,
  ): Promise<ErpOnHand[]> {
    return this.run('getOnHand', () => this.inner.getOnHand(filter, ctx));
  }

  findOrCreateCustomer(customer: ErpCustomer, ctx: CallContext): Promise<ErpCustomerResult> {
    return this.run('findOrCreateCustomer', () => this.inner.findOrCreateCustomer(customer, ctx));
  }

  createItemFulfillment(
    fulfillment: ErpItemFulfillment,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    return this.run('createItemFulfillment', () =>
      this.inner.createItemFulfillment(fulfillment, ctx),
    );
  }

  createBillingDocument(doc: ErpBillingDocument, ctx: CallContext): Promise<ErpUpsertResult> {
    return this.run('createBillingDocument', () => this.inner.createBillingDocument(doc, ctx));
  }

  private async run<T>(operation: ErpOperation, call: () => Promise<T>): Promise<T> {
    const priority = ERP_OPERATION_PRIORITY[operation];
    for (let attempt = 1; ; attempt++) {
      const permit = await this.governor.acquire(priority);
      const started = performance.now();
      try {
        const result = await call();
        const took = performance.now() - started;
        this.governor.release(permit, 'ok', took);
        this.governor.metrics.call(operation, 'ok', took);
        return result;
      } catch (error) {
        const outcome = sampleOutcome(error);
        const took = performance.now() - started;
        this.governor.release(permit, outcome, took);
        this.governor.metrics.call(operation, outcomeLabel(error), took);
        // A 429 means the ERP did nothing and the limit just came down: one more try behind
        // the lowered limit spares the caller a round of its own back-off.
        if (outcome === 'throttled' && attempt === 1) continue;
        throw error;
      }
    }
  }
}

function sampleOutcome(error: unknown): CallSampleOutcome {
  if (error instanceof ErpBusyError) return 'other';
  if (error instanceof ErpThrottledError) return 'throttled';
  // A timeout is the ERP struggling; a 5xx or a refused connection is not a load signal.
  if (error instanceof ErpUnavailableError && error.code === 'TIMEOUT') return 'overloaded';
  return 'other';
}

function outcomeLabel(error: unknown): string {
  if (error instanceof ErpThrottledError) return 'throttled';
  if (error instanceof ErpUnavailableError) return 'unavailable';
  return 'rejected';
}
