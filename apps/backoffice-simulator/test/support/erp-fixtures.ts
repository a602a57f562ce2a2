import type { ErpSalesOrder } from '@retail/backoffice-adapters';

/** A minimal valid sales order for the integration specs. */
export const minimalOrder = (externalId: string): ErpSalesOrder => ({
  externalId,
  customerId: 'CUST-1',
  orderDate: '2026-12-05',
  currency: 'EUR',
  lines: [{ lineId: 'l1', itemId: 'ITEM-1', quantity: 1, unitPrice: 1000 }],
});
