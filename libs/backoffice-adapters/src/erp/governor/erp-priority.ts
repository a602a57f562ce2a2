import type { ErpAdapter } from '../erp-adapter';

/**
 * Priority classes of ERP work, best first. Creating and cancelling sales orders is what
 * customers wait for; credits for returns come next; inventory posting and reconciliation can
 * lag; the item-master pull is a batch that can always wait.
 */
export const ERP_PRIORITIES = ['order', 'return', 'inventory', 'item-sync'] as const;
export type ErpPriority = (typeof ERP_PRIORITIES)[number];

/** Rank stored in PostgreSQL: lower is served first. */
export function priorityRank(priority: ErpPriority): number {
  return ERP_PRIORITIES.indexOf(priority);
}

export type ErpOperation = Exclude<keyof ErpAdapter, 'kind'>;

/** Every port method has exactly one class (the record keeps the map exhaustive). */
export const ERP_OPERATION_PRIORITY: Record<ErpOperation, ErpPriority> = {
  upsertSalesOrder: 'order',
  cancelSalesOrder: 'order',
  findSalesOrder: 'order',
  createReturnAuthorization: 'return',
  createCreditMemo: 'return',
  findCreditMemo: 'return',
  postInventoryAdjustments: 'inventory',
  getOnHand: 'inventory',
  fetchItemMaster: 'item-sync',
  // The financial side of fulfilment: the customer comes before its sales order; fulfilments
  // and bills of shipped units are money after the sale, beside the credits of returns.
  findOrCreateCustomer: 'order',
  createItemFulfillment: 'return',
  createBillingDocument: 'return',
};
