import { CallContext } from '@retail/platform-http-client';

/**
 * Amounts are integers in minor units of the document's `currency`; the adapter converts to
 * whatever the ERP expects. Every write is keyed by an external id made of `[A-Za-z0-9_-]`, so
 * repeating a call (after a timeout, a crash, a redelivery) never creates a second record.
 */
interface ErpLineAmounts {
  /** Our line id, kept on the ERP line for traceability. */
  lineId: string;
  quantity: number;
  /** Price per unit, minor units. */
  unitPrice: number;
  /** Discount for the whole line, minor units. */
  discount?: number;
  /** Tax for the whole line, minor units. */
  tax?: number;
}

/** A line of an item the ERP stocks. */
export interface ErpStockLine extends ErpLineAmounts {
  kind?: 'stock';
  /** The ERP item reference (master-data `erpItemId`). */
  itemId: string;
}

/**
 * A line without a SKU (custom item, gift card, tip, service): posted as the account's
 * non-inventory item (ERP_NON_INVENTORY_ITEM_ID) with the title as its description.
 */
export interface ErpNonStockLine extends ErpLineAmounts {
  kind: 'non_stock';
  title: string;
  itemId?: never;
}

export type ErpDocumentLine = ErpStockLine | ErpNonStockLine;

export interface ErpSalesOrder {
  /** Idempotency key of the sales order, e.g. `shopify_1001`. */
  externalId: string;
  /** ERP customer (NetSuite `entity`). */
  customerId: string;
  /** Order date, `YYYY-MM-DD` or ISO 8601 (the date part is used). */
  orderDate: string;
  currency: string;
  /** ERP location the order ships from. */
  locationId?: string;
  subsidiaryId?: string;
  memo?: string;
  lines: ErpDocumentLine[];
}

export interface ErpUpsertResult {
  /** The ERP's internal id of the record. */
  id: string;
  /**
   * True when this call created the record; false when it already existed (a repeat) or the
   * ERP does not say (real NetSuite answers 204 either way).
   */
  created: boolean;
}

export interface ErpSalesOrderResult {
  salesOrderId: string;
  created: boolean;
}

export interface ErpCancelResult {
  /** Present when the ERP names the record (the simulator sends a Location header). */
  salesOrderId?: string;
  /** False when the order was already cancelled (a repeated cancel). */
  cancelled: boolean;
}

export interface ErpSalesOrderSummary {
  salesOrderId: string;
  externalId: string;
  status: string;
}

export interface ErpReturnAuthorization {
  externalId: string;
  /** External id of the sales order the return is for. */
  salesOrderExternalId: string;
  customerId: string;
  returnDate: string;
  currency: string;
  locationId?: string;
  memo?: string;
  lines: ErpDocumentLine[];
}

export interface ErpCreditMemoLine {
  lineId: string;
  itemId: string;
  quantity: number;
  /** Amount credited for the line before tax, minor units. */
  amount: number;
  /** Tax reversed for the line, minor units (the itemised tax reversal). */
  tax?: number;
}

export interface ErpCreditMemo {
  externalId: string;
  /** The return authorization it credits (NetSuite `createdFrom`). */
  returnAuthorizationExternalId?: string;
  salesOrderExternalId?: string;
  customerId: string;
  memoDate: string;
  currency: string;
  /** Restocking fee withheld, minor units (a negative line in the ERP). */
  restockingFee?: number;
  memo?: string;
  lines: ErpCreditMemoLine[];
}

/** A credit memo as the ERP holds it (refund reconciliation reads it back). */
export interface ErpCreditMemoSummary {
  creditMemoId: string;
  externalId: string;
  /** What the memo credits the customer, tax included, restocking fee withheld; minor units. */
  total: number;
  currency: string;
  /** The ERP's own status word (NetSuite `status.refName`, Tryton `state`). */
  status: string;
  /** False when the ERP voided or cancelled it: it no longer credits anything. */
  active: boolean;
}

export interface ErpInventoryAdjustmentLine {
  itemId: string;
  locationId: string;
  /** Signed change of on-hand. */
  quantityDelta: number;
}

export interface ErpInventoryAdjustmentBatch {
  /** Batch id, the external id of the adjustment: a repeated batch is applied once. */
  batchId: string;
  adjustmentDate: string;
  memo?: string;
  /** ERP adjustment (GL) account, when the ERP needs one. */
  accountId?: string;
  lines: ErpInventoryAdjustmentLine[];
}

export interface ErpItem {
  /** ERP internal id (the `erpItemId` master data stores). */
  itemId: string;
  /** Item name/number in the ERP; by convention our SKU. */
  sku: string;
  name: string;
  gtin?: string;
  active: boolean;
  /** Base price in minor units of `currency`, when the ERP has one. */
  basePrice?: number;
  currency?: string;
  lastModified?: string;
}

export interface ErpItemPage {
  items: ErpItem[];
  /** Pass back to get the next page; absent on the last page. */
  nextCursor?: string;
}

export interface ErpOnHand {
  itemId: string;
  locationId: string;
  onHand: number;
}

// --- The financial side of fulfilment (issue 18): customer, item fulfillment, invoice / cash sale.

/**
 * The buyer as the ERP should know it. `externalId` is our key for the ERP customer (derived from
 * the middleware's customer, or the channel identity); `email` finds a customer the ERP already
 * has (created by a store, an earlier import) before one is created.
 */
export interface ErpCustomer {
  externalId: string;
  email?: string;
  name?: string;
  phone?: string;
  /** Where the customer comes from, kept on the ERP record for lineage. */
  channel?: string;
  channelCustomerId?: string;
}

export interface ErpCustomerResult {
  /** The ERP's own customer id (NetSuite internal id, Tryton party id): what documents name. */
  customerId: string;
  /** How it was found: by our external id, by e-mail, or created by this call. */
  matchedBy: 'externalId' | 'email' | 'created';
}

export interface ErpFulfillmentLine {
  lineId: string;
  /** ERP item of a stock line (non-stock lines are never fulfilled). */
  itemId: string;
  quantity: number;
}

/** Shipped units of one hand-over (NetSuite item fulfillment, Tryton customer shipment). */
export interface ErpItemFulfillment {
  externalId: string;
  /** External id of the sales order the units ship from (NetSuite `createdFrom`). */
  salesOrderExternalId: string;
  customerId: string;
  /** Ship date, `YYYY-MM-DD` or ISO 8601. */
  shipDate: string;
  locationId?: string;
  carrier?: string;
  trackingNumber?: string;
  memo?: string;
  lines: ErpFulfillmentLine[];
}

/**
 * The bill for one hand-over: an invoice (payment to be collected, e.g. an authorised card) or a
 * cash sale (paid at the sale, e.g. a store POS), chosen by rule by the caller.
 */
export interface ErpBillingDocument {
  recordType: 'invoice' | 'cashSale';
  externalId: string;
  salesOrderExternalId: string;
  customerId: string;
  tranDate: string;
  currency: string;
  memo?: string;
  lines: ErpDocumentLine[];
  /** Shipping charged with this bill (the first one of an order), minor units before tax. */
  shippingCost?: number;
}

/**
 * The ERP as the services see it. Implementations: {@link NetSuiteRestErpAdapter}, {@link TrytonErpAdapter}. Another ERP
 * (SAP, Dynamics 365, Odoo, Tryton) is one more implementation registered in the factory.
 * Failures are thrown as ErpThrottledError, ErpUnavailableError or ErpRejectedError.
 */
export interface ErpAdapter {
  readonly kind: string;
  upsertSalesOrder(order: ErpSalesOrder, ctx: CallContext): Promise<ErpSalesOrderResult>;
  /** Cancels by external id; a repeated cancel succeeds with `cancelled: false`. */
  cancelSalesOrder(externalId: string, ctx: CallContext): Promise<ErpCancelResult>;
  /** Undefined when the ERP has no sales order with that external id. */
  findSalesOrder(externalId: string, ctx: CallContext): Promise<ErpSalesOrderSummary | undefined>;
  createReturnAuthorization(ra: ErpReturnAuthorization, ctx: CallContext): Promise<ErpUpsertResult>;
  createCreditMemo(memo: ErpCreditMemo, ctx: CallContext): Promise<ErpUpsertResult>;
  /** Undefined when the ERP has no credit memo with that external id. */
  findCreditMemo(externalId: string, ctx: CallContext): Promise<ErpCreditMemoSummary | undefined>;
  postInventoryAdjustments(
    batch: ErpInventoryAdjustmentBatch,
    ctx: CallContext,
  ): Promise<ErpUpsertResult>;
  fetchItemMaster(
    page: { cursor?: string; limit?: number },
    ctx: CallContext,
  ): Promise<ErpItemPage>;
  /** On-hand per item and location, both filters optional (reconciliation). */
  getOnHand(
    filter: { itemId?: string; locationId?: string },
    ctx: CallContext,
  ): Promise<ErpOnHand[]>;

  // --- The financial side of fulfilment (issue 18).
  /**
   * The ERP's customer for a buyer: found by external id, else by e-mail, else created (keyed by
   * the external id, so a repeat finds it). Sales orders name the id this returns.
   */
  findOrCreateCustomer(customer: ErpCustomer, ctx: CallContext): Promise<ErpCustomerResult>;
  /** Records shipped units against the sales order, once per external id. */
  createItemFulfillment(
    fulfillment: ErpItemFulfillment,
    ctx: CallContext,
  ): Promise<ErpUpsertResult>;
  /** Bills shipped units (invoice or cash sale), once per external id. */
  createBillingDocument(doc: ErpBillingDocument, ctx: CallContext): Promise<ErpUpsertResult>;
}
