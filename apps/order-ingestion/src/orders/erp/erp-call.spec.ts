import {
  ErpAdapter,
  ErpNotFoundError,
  ErpRejectedError,
  ErpThrottledError,
  ErpUnavailableError,
} from '@retail/backoffice-adapters';
import type { OrderIngestionConfig } from '../../config/env';
import type { OrderState } from '../domain/order-state';
import type { CatalogPort } from '../ports/catalog.port';
import { ErpBreaker } from './erp-breaker';
import { ErpCall } from './erp-call';
import type { ErpCustomers } from './erp-customers';

const config = {
  env: { ERP_BREAKER_RESET_MS: 60_000, ERP_DEFAULT_CUSTOMER_ID: 'guest' },
} as unknown as OrderIngestionConfig;
const catalog = {
  getProducts: async (skus: readonly string[]) =>
    new Map(skus.map((sku) => [sku, { sku, erpItemId: `NS-${sku}`, status: 'active' }])),
} as unknown as CatalogPort;
/** The ERP customer the buyer resolves to (ErpCustomers has its own spec). */
const customers = { customerId: async () => 'ERP-CUST-7' } as unknown as ErpCustomers;
const order = {
  id: 'o-1',
  channel: 'web',
  channelOrderId: 'W-1',
  erpExternalId: 'o-1',
  correlationId: 'c-1',
  order: {
    orderedAt: '2026-11-20T10:00:00Z',
    currency: 'EUR',
    lines: [{ lineId: '1', sku: 'A', quantity: 2, unitPrice: 500, discount: 0, tax: 95 }],
  },
} as unknown as OrderState;

function erpFailingWith(error: Error): ErpAdapter {
  return {
    upsertSalesOrder: async () => {
      throw error;
    },
    cancelSalesOrder: async () => {
      throw error;
    },
  } as unknown as ErpAdapter;
}

describe('ErpCall', () => {
  it('sends the sales order keyed by the order, with ERP item ids and the ERP customer', async () => {
    const upsert = jest.fn(async () => ({ salesOrderId: 'SO-9', created: true }));
    const sut = new ErpCall(
      { upsertSalesOrder: upsert } as never,
      new ErpBreaker(config),
      catalog,
      customers,
    );
    await expect(sut.execute('create', order)).resolves.toEqual({
      kind: 'done',
      salesOrderId: 'SO-9',
      created: true,
    });
    expect(upsert).toHaveBeenCalledWith(
      expect.objectContaining({
        externalId: 'o-1',
        customerId: 'ERP-CUST-7',
        lines: [expect.objectContaining({ itemId: 'NS-A', quantity: 2, unitPrice: 500 })],
      }),
      { correlationId: 'c-1' },
    );
  });

  it('classifies throttling, rejection and a cancel of an unknown sales order', async () => {
    const throttled = new ErpThrottledError('erp', 'HTTP 429', 1500);
    const call = (err: Error, op: 'create' | 'cancel' = 'create') =>
      new ErpCall(erpFailingWith(err), new ErpBreaker(config), catalog, customers).execute(
        op,
        order,
      );
    await expect(call(throttled)).resolves.toMatchObject({ kind: 'throttled', retryAfterMs: 1500 });
    await expect(call(new ErpRejectedError('erp', 'bad', 400))).resolves.toMatchObject({
      kind: 'rejected',
    });
    await expect(call(new ErpNotFoundError('erp', 'none', 404), 'cancel')).resolves.toEqual({
      kind: 'done',
    });
  });

  it('opens the breaker after repeated outages and then stops calling the ERP', async () => {
    const upsert = jest.fn(async () => {
      throw new ErpUnavailableError('erp', 'HTTP 503', false, 503);
    });
    const breaker = new ErpBreaker(config);
    const sut = new ErpCall({ upsertSalesOrder: upsert } as never, breaker, catalog, customers);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await sut.execute('create', order)).kind);
    expect(outcomes).toEqual([
      'unavailable',
      'unavailable',
      'unavailable',
      'breaker_open',
      'breaker_open',
    ]);
    expect(upsert).toHaveBeenCalledTimes(3);
    expect(breaker.admits).toBe(false);
    breaker.shutdown();
  });
});
