import { ErpRejectedError } from '../../errors';
import { decimalToMinor, MAX_ERP_MINOR_AMOUNT, minorToDecimal } from '../../money';
import {
  ErpBillingDocument,
  ErpCreditMemo,
  ErpCreditMemoSummary,
  ErpCustomer,
  ErpItemFulfillment,
  ErpDocumentLine,
  ErpInventoryAdjustmentBatch,
  ErpItem,
  ErpOnHand,
  ErpReturnAuthorization,
  ErpSalesOrder,
} from '../erp-adapter';
import {
  NsCreditMemoRecord,
  NsBilling,
  NsCustomer,
  NsInventoryAdjustment,
  NsItemFulfillment,
  NsInventoryBalance,
  NsItem,
  NsLine,
  NsTransaction,
} from './netsuite-types';

/** What NetSuite accepts after `eid:` in a URL. */
const EXTERNAL_ID = /^[A-Za-z0-9_-]{1,255}$/;

/** Refuses before any call: an id NetSuite cannot address would never succeed. */
export function assertExternalId(externalId: string): string {
  if (!EXTERNAL_ID.test(externalId)) {
    throw new ErpRejectedError(
      'erp',
      `external id "${externalId}" must match [A-Za-z0-9_-]{1,255}`,
      400,
      'INVALID_EXTERNAL_ID',
    );
  }
  return externalId;
}

/** NetSuite `tranDate` is a date; the date part of an ISO timestamp is the business date. */
export function toNsDate(value: string): string {
  const match = /^\d{4}-\d{2}-\d{2}/.exec(value);
  if (!match)
    throw new ErpRejectedError('erp', `"${value}" is not an ISO date`, 400, 'INVALID_DATE');
  return match[0];
}

/** Where non-stock lines go when nothing is configured (the simulator knows this item). */
export const DEFAULT_NON_INVENTORY_ITEM_ID = 'NON_INVENTORY';

export function toNsDocumentLine(
  line: ErpDocumentLine,
  currency: string,
  nonInventoryItemId = DEFAULT_NON_INVENTORY_ITEM_ID,
): NsLine {
  const gross = line.unitPrice * line.quantity - (line.discount ?? 0);
  for (const [field, value] of [
    ['amount', line.unitPrice * line.quantity],
    ['tax', line.tax ?? 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_ERP_MINOR_AMOUNT) {
      throw new ErpRejectedError(
        'erp',
        `line ${line.lineId}: ${field} ${value} minor units is more than an ERP line carries ` +
          `(${MAX_ERP_MINOR_AMOUNT})`,
        400,
        'AMOUNT_OUT_OF_RANGE',
      );
    }
  }
  const item =
    line.kind === 'non_stock'
      ? { item: { id: nonInventoryItemId }, description: line.title }
      : { item: { id: line.itemId } };
  return {
    ...item,
    quantity: line.quantity,
    rate: minorToDecimal(line.unitPrice, currency),
    // amount wins over rate x quantity in NetSuite, which keeps line discounts exact.
    amount: minorToDecimal(gross, currency),
    ...(line.tax === undefined ? {} : { tax1Amt: minorToDecimal(line.tax, currency) }),
    custcol_retail_line_id: line.lineId,
  };
}

export function toNsSalesOrder(order: ErpSalesOrder, nonInventoryItemId?: string): NsTransaction {
  return {
    externalId: assertExternalId(order.externalId),
    entity: { id: order.customerId },
    tranDate: toNsDate(order.orderDate),
    currency: { id: order.currency },
    ...optionalRef('location', order.locationId),
    ...optionalRef('subsidiary', order.subsidiaryId),
    ...(order.memo ? { memo: order.memo } : {}),
    item: {
      items: order.lines.map((line) => toNsDocumentLine(line, order.currency, nonInventoryItemId)),
    },
  };
}

export function toNsReturnAuthorization(
  ra: ErpReturnAuthorization,
  nonInventoryItemId?: string,
): NsTransaction {
  return {
    externalId: assertExternalId(ra.externalId),
    entity: { id: ra.customerId },
    tranDate: toNsDate(ra.returnDate),
    currency: { id: ra.currency },
    createdFrom: { externalId: assertExternalId(ra.salesOrderExternalId) },
    ...optionalRef('location', ra.locationId),
    ...(ra.memo ? { memo: ra.memo } : {}),
    item: {
      items: ra.lines.map((line) => toNsDocumentLine(line, ra.currency, nonInventoryItemId)),
    },
  };
}

export function toNsCreditMemo(memo: ErpCreditMemo, restockingFeeItemId: string): NsTransaction {
  const from = memo.returnAuthorizationExternalId ?? memo.salesOrderExternalId;
  const lines: NsLine[] = memo.lines.map((line) => ({
    item: { id: line.itemId },
    quantity: line.quantity,
    amount: minorToDecimal(line.amount, memo.currency),
    ...(line.tax === undefined ? {} : { tax1Amt: minorToDecimal(line.tax, memo.currency) }),
    custcol_retail_line_id: line.lineId,
  }));
  if (memo.restockingFee) {
    // The fee is withheld from the credit: a negative line on a dedicated non-inventory item.
    const fee = -memo.restockingFee;
    lines.push({
      item: { id: restockingFeeItemId },
      quantity: 1,
      amount: minorToDecimal(fee, memo.currency),
    });
  }
  return {
    externalId: assertExternalId(memo.externalId),
    entity: { id: memo.customerId },
    tranDate: toNsDate(memo.memoDate),
    currency: { id: memo.currency },
    ...(from ? { createdFrom: { externalId: assertExternalId(from) } } : {}),
    ...(memo.memo ? { memo: memo.memo } : {}),
    item: { items: lines },
  };
}

export function toNsInventoryAdjustment(batch: ErpInventoryAdjustmentBatch): NsInventoryAdjustment {
  return {
    externalId: assertExternalId(batch.batchId),
    tranDate: toNsDate(batch.adjustmentDate),
    ...(batch.memo ? { memo: batch.memo } : {}),
    ...optionalRef('account', batch.accountId),
    inventory: {
      items: batch.lines.map((line) => ({
        item: { id: line.itemId },
        location: { id: line.locationId },
        adjustQtyBy: line.quantityDelta,
      })),
    },
  };
}

export function fromNsItem(item: NsItem): ErpItem {
  const currency = item.currency;
  const price =
    item.basePrice === undefined || currency === undefined
      ? {}
      : { basePrice: decimalToMinor(item.basePrice, currency), currency };
  return {
    itemId: item.id,
    sku: item.itemId,
    name: item.displayName ?? item.itemId,
    ...(item.upcCode ? { gtin: item.upcCode } : {}),
    active: item.isInactive !== true,
    ...price,
    ...(item.lastModifiedDate ? { lastModified: item.lastModifiedDate } : {}),
  };
}

export function fromNsInventoryBalance(row: NsInventoryBalance): ErpOnHand {
  return {
    itemId: row.item.id ?? '',
    locationId: row.location.id ?? '',
    onHand: row.quantityOnHand,
  };
}

/** NetSuite's voided memo keeps its total but credits nothing any more. */
export function fromNsCreditMemo(record: NsCreditMemoRecord): ErpCreditMemoSummary {
  const currency = record.currency?.id ?? record.currency?.refName ?? '';
  const status = record.status?.refName ?? record.status?.id ?? 'unknown';
  return {
    creditMemoId: record.id,
    externalId: record.externalId,
    total: decimalToMinor(record.total, currency),
    currency,
    status,
    active: status.toLowerCase() !== 'voided',
  };
}

/** NetSuite answers a write with 204 and `Location: .../<recordType>/<internalId>`. */
export function idFromLocation(location: string | null): string {
  const id = location?.split('?')[0].split('/').filter(Boolean).pop();
  if (!id)
    throw new ErpRejectedError(
      'erp',
      'write answered without a Location header',
      502,
      'NO_LOCATION',
    );
  return id;
}

function optionalRef<K extends string>(
  key: K,
  id: string | undefined,
): Partial<Record<K, { id: string }>> {
  return id ? ({ [key]: { id } } as Record<K, { id: string }>) : {};
}

export function toNsCustomer(customer: ErpCustomer): NsCustomer {
  const name = customer.name?.trim();
  const [first, ...rest] = (name ?? '').split(/\s+/);
  const lineage = customer.channel
    ? `${customer.channel}${customer.channelCustomerId ? ` customer ${customer.channelCustomerId}` : ''}`
    : undefined;
  return {
    externalId: assertExternalId(customer.externalId),
    isPerson: true,
    // NetSuite needs a name on a person: the e-mail or the external id when the channel sent none.
    firstName: (name ? first : (customer.email ?? customer.externalId)).slice(0, 32),
    lastName: (rest.join(' ') || '-').slice(0, 32),
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    ...(lineage ? { comments: lineage } : {}),
  };
}

export function toNsItemFulfillment(fulfillment: ErpItemFulfillment): NsItemFulfillment {
  const memo = [fulfillment.memo, fulfillment.carrier].filter(Boolean).join(' / ');
  return {
    externalId: assertExternalId(fulfillment.externalId),
    tranDate: toNsDate(fulfillment.shipDate),
    shipStatus: { id: 'C' },
    ...(memo ? { memo } : {}),
    item: {
      items: fulfillment.lines.map((line) => ({
        item: { id: line.itemId },
        quantity: line.quantity,
        itemReceive: true,
        ...optionalRef('location', fulfillment.locationId),
        custcol_retail_line_id: line.lineId,
      })),
    },
    ...(fulfillment.trackingNumber
      ? { package: { items: [{ packageTrackingNumber: fulfillment.trackingNumber }] } }
      : {}),
  };
}

export function toNsBilling(doc: ErpBillingDocument, nonInventoryItemId?: string): NsBilling {
  return {
    externalId: assertExternalId(doc.externalId),
    entity: { id: doc.customerId },
    tranDate: toNsDate(doc.tranDate),
    currency: { id: doc.currency },
    createdFrom: { externalId: assertExternalId(doc.salesOrderExternalId) },
    ...(doc.memo ? { memo: doc.memo } : {}),
    ...(doc.shippingCost ? { shippingCost: minorToDecimal(doc.shippingCost, doc.currency) } : {}),
    item: {
      items: doc.lines.map((line) => toNsDocumentLine(line, doc.currency, nonInventoryItemId)),
    },
  };
}
