import { ERP_ERRORS, ErpNotFoundError } from '../../errors';
import { CallContext, FetchFn, HttpJsonClient } from '@retail/platform-http-client';
import {
  ErpAdapter,
  ErpBillingDocument,
  ErpCancelResult,
  ErpCustomer,
  ErpCustomerResult,
  ErpItemFulfillment,
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
import {
  assertExternalId,
  fromNsCreditMemo,
  fromNsInventoryBalance,
  fromNsItem,
  idFromLocation,
  toNsBilling,
  toNsCreditMemo,
  toNsCustomer,
  toNsItemFulfillment,
  toNsInventoryAdjustment,
  toNsReturnAuthorization,
  toNsSalesOrder,
} from './netsuite-mapping';
import {
  NsCreditMemoRecord,
  NsInventoryBalancePage,
  NsItemPage,
  NsRecordList,
  NsSalesOrderRecord,
} from './netsuite-types';

export const NETSUITE_RECORD_PATH = '/services/rest/record/v1';

/**
 * Optional response header (the simulator sends it, real NetSuite does not) telling whether an
 * upsert created the record or found it (`created` | `repeated`), or whether a cancel acted.
 */
export const OUTCOME_HEADER = 'x-simulator-outcome';

export interface NetSuiteAdapterOptions {
  /** e.g. `https://<account>.suitetalk.api.netsuite.com` or the simulator's base URL. */
  baseUrl: string;
  timeoutMs?: number;
  /** Authentication is the fetch's job (`authenticatedFetch`: TBA or OAuth 2.0). */
  /** Non-inventory item that carries restocking fees on credit memos. */
  restockingFeeItemId?: string;
  /** Non-inventory item that carries non-stock lines (ERP_NON_INVENTORY_ITEM_ID). */
  nonInventoryItemId?: string;
  fetch?: FetchFn;
}

/** On-hand pages are fetched until exhausted; this bounds one page. */
const BALANCE_PAGE = 1000;

/** NetSuite REST record API (`/services/rest/record/v1`), every write keyed by `eid:`. */
export class NetSuiteRestErpAdapter implements ErpAdapter {
  readonly kind = 'netsuite';
  private readonly http: HttpJsonClient;
  private readonly feeItemId: string;
  private readonly nonInventoryItemId?: string;

  constructor(options: NetSuiteAdapterOptions) {
    this.http = new HttpJsonClient({
      baseUrl: options.baseUrl,
      errors: ERP_ERRORS,
      timeoutMs: options.timeoutMs ?? 15_000,
      fetch: options.fetch,
    });
    this.feeItemId = options.restockingFeeItemId ?? 'RESTOCKING_FEE';
    this.nonInventoryItemId = options.nonInventoryItemId;
  }

  async upsertSalesOrder(order: ErpSalesOrder, ctx: CallContext): Promise<ErpSalesOrderResult> {
    const result = await this.upsert(
      'salesOrder',
      order.externalId,
      toNsSalesOrder(order, this.nonInventoryItemId),
      ctx,
    );
    return { salesOrderId: result.id, created: result.created };
  }

  /** NetSuite record action `POST …/salesOrder/eid:<id>/@cancel` (no body; 200 `result`). */
  async cancelSalesOrder(externalId: string, ctx: CallContext): Promise<ErpCancelResult> {
    const response = await this.http.send(
      { method: 'POST', path: `${recordPath('salesOrder', externalId)}/@cancel` },
      ctx,
    );
    const location = response.headers.get('location');
    const cancelled = response.headers.get(OUTCOME_HEADER) !== 'repeated';
    return { ...(location ? { salesOrderId: idFromLocation(location) } : {}), cancelled };
  }

  async findSalesOrder(
    externalId: string,
    ctx: CallContext,
  ): Promise<ErpSalesOrderSummary | undefined> {
    const record = await this.find<NsSalesOrderRecord>('salesOrder', externalId, ctx);
    if (!record) return undefined;
    const status = record.status?.refName ?? record.status?.id ?? 'unknown';
    return { salesOrderId: record.id, externalId: record.externalId, status };
  }

  createReturnAuthorization(
    ra: ErpReturnAuthorization,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    const body = toNsReturnAuthorization(ra, this.nonInventoryItemId);
    return this.upsert('returnAuthorization', ra.externalId, body, ctx);
  }

  createCreditMemo(memo: ErpCreditMemo, ctx: CallContext): Promise<ErpUpsertResult> {
    const body = toNsCreditMemo(memo, this.feeItemId);
    return this.upsert('creditMemo', memo.externalId, body, ctx);
  }

  /** `GET …/creditMemo/eid:<id>`: its body `total` and `status`. */
  async findCreditMemo(
    externalId: string,
    ctx: CallContext,
  ): Promise<ErpCreditMemoSummary | undefined> {
    const record = await this.find<NsCreditMemoRecord>('creditMemo', externalId, ctx);
    return record && fromNsCreditMemo(record);
  }

  postInventoryAdjustments(
    batch: ErpInventoryAdjustmentBatch,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    const body = toNsInventoryAdjustment(batch);
    return this.upsert('inventoryAdjustment', batch.batchId, body, ctx);
  }

  async fetchItemMaster(
    page: { cursor?: string; limit?: number },
    ctx: CallContext,
  ): Promise<ErpItemPage> {
    const response = await this.http.send<NsItemPage>(
      {
        method: 'GET',
        path: `${NETSUITE_RECORD_PATH}/inventoryItem`,
        query: { limit: page.limit ?? 100, cursor: page.cursor },
      },
      ctx,
    );
    const body = response.body ?? { items: [], hasMore: false };
    const next = body.hasMore && body.nextCursor ? { nextCursor: body.nextCursor } : {};
    return { items: body.items.map(fromNsItem), ...next };
  }

  async getOnHand(
    filter: { itemId?: string; locationId?: string },
    ctx: CallContext,
  ): Promise<ErpOnHand[]> {
    const rows: ErpOnHand[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.balancePage(filter, cursor, ctx);
      rows.push(...page.items.map(fromNsInventoryBalance));
      cursor = page.hasMore ? page.nextCursor : undefined;
    } while (cursor);
    return rows;
  }

  // --- The financial side of fulfilment (issue 18).

  /** `GET customer/eid:`, else `GET customer?q=email IS "…"`, else `PUT customer/eid:`. */
  async findOrCreateCustomer(customer: ErpCustomer, ctx: CallContext): Promise<ErpCustomerResult> {
    const own = await this.findRecordId('customer', customer.externalId, ctx);
    if (own) return { customerId: own, matchedBy: 'externalId' };
    if (customer.email) {
      const response = await this.http.send<NsRecordList>(
        {
          method: 'GET',
          path: `${NETSUITE_RECORD_PATH}/customer`,
          query: { q: `email IS "${customer.email.replace(/"/g, '')}"`, limit: 1 },
        },
        ctx,
      );
      const found = response.body?.items?.[0]?.id;
      if (found) return { customerId: found, matchedBy: 'email' };
    }
    const result = await this.upsert('customer', customer.externalId, toNsCustomer(customer), ctx);
    return { customerId: result.id, matchedBy: result.created ? 'created' : 'externalId' };
  }

  /** `POST salesOrder/eid:<so>/!transform/itemFulfillment`, after looking for the eid. */
  createItemFulfillment(
    fulfillment: ErpItemFulfillment,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    const body = toNsItemFulfillment(fulfillment);
    return this.transform(fulfillment.salesOrderExternalId, 'itemFulfillment', body, ctx);
  }

  /** `POST salesOrder/eid:<so>/!transform/invoice` (or `cashSale`), after looking for the eid. */
  createBillingDocument(doc: ErpBillingDocument, ctx: CallContext): Promise<ErpUpsertResult> {
    const body = toNsBilling(doc, this.nonInventoryItemId);
    return this.transform(doc.salesOrderExternalId, doc.recordType, body, ctx);
  }

  /**
   * A transform is no upsert: NetSuite refuses a second record with the same external id. So the
   * record is looked up first; a retry after a lost answer finds it and creates nothing.
   */
  private async transform(
    salesOrderExternalId: string,
    target: string,
    body: { externalId: string },
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    const existing = await this.findRecordId(target, body.externalId, ctx);
    if (existing) return { id: existing, created: false };
    const response = await this.http.send(
      {
        method: 'POST',
        path: `${recordPath('salesOrder', salesOrderExternalId)}/!transform/${target}`,
        body,
      },
      ctx,
    );
    const id = idFromLocation(response.headers.get('location'));
    return { id, created: response.headers.get(OUTCOME_HEADER) !== 'repeated' };
  }

  private async findRecordId(
    recordType: string,
    externalId: string,
    ctx: CallContext,
  ): Promise<string | undefined> {
    try {
      const response = await this.http.send<{ id: string }>(
        { method: 'GET', path: recordPath(recordType, externalId) },
        ctx,
      );
      return response.body?.id;
    } catch (error) {
      if (error instanceof ErpNotFoundError) return undefined;
      throw error;
    }
  }

  private async balancePage(
    filter: { itemId?: string; locationId?: string },
    cursor: string | undefined,
    ctx: CallContext,
  ): Promise<NsInventoryBalancePage> {
    const query = { item: filter.itemId, location: filter.locationId, limit: BALANCE_PAGE, cursor };
    const response = await this.http.send<NsInventoryBalancePage>(
      { method: 'GET', path: `${NETSUITE_RECORD_PATH}/inventoryBalance`, query },
      ctx,
    );
    return response.body ?? { items: [], hasMore: false };
  }

  /** A record by external id; undefined on NetSuite's 404. */
  private async find<T>(
    recordType: string,
    externalId: string,
    ctx: CallContext,
  ): Promise<T | undefined> {
    try {
      const response = await this.http.send<T>(
        { method: 'GET', path: recordPath(recordType, externalId) },
        ctx,
      );
      return response.body as T;
    } catch (error) {
      if (error instanceof ErpNotFoundError) return undefined;
      throw error;
    }
  }

  /** `PUT …/<type>/eid:<id>` is NetSuite's upsert: 204 + Location whether created or found. */
  private async upsert(
    recordType: string,
    externalId: string,
    body: unknown,
    ctx: CallContext,
  ): Promise<ErpUpsertResult> {
    const response = await this.http.send(
      { method: 'PUT', path: recordPath(recordType, externalId), body },
      ctx,
    );
    const id = idFromLocation(response.headers.get('location'));
    return { id, created: response.headers.get(OUTCOME_HEADER) === 'created' };
  }
}

function recordPath(recordType: string, externalId: string): string {
  return `${NETSUITE_RECORD_PATH}/${recordType}/eid:${assertExternalId(externalId)}`;
}
