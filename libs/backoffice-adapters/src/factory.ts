import { ErpAdapter } from './erp/erp-adapter';
import { ErpAuth, authenticatedFetch } from './erp/netsuite/auth/erp-auth';
import { NetSuiteRestErpAdapter } from './erp/netsuite/netsuite-rest-erp.adapter';
import { TrytonErpAdapter } from './erp/tryton/tryton-erp.adapter';
import type { TrytonSettings } from './erp/tryton/tryton-rpc';
import { FetchFn, platformFetch } from '@retail/platform-http-client';
import type { ErpGovernorSettings } from './erp-config';
import { HttpPaymentsAdapter } from './payments/http-payments.adapter';
import { PaymentsAdapter } from './payments/payments-adapter';
import { HttpTaxAdapter } from './tax/http-tax.adapter';
import { TaxAdapter } from './tax/tax-adapter';
import { HttpWmsAdapter } from './wms/http-wms.adapter';
import { WmsAdapter } from './wms/wms-adapter';

export interface ErpAdapterOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Already authenticated (see `authenticatedFetch`). */
  fetch?: FetchFn;
  /** Non-inventory item that carries non-stock lines (gift cards, tips, services). */
  nonInventoryItemId?: string;
  /** Tryton's database and credentials (ERP_KIND=tryton). */
  tryton?: TrytonSettings;
}

/**
 * One entry per ERP. Adding SAP, Dynamics 365, Odoo or Tryton is one adapter class and one
 * line here; nothing that calls `ErpAdapter` changes.
 */
export const ERP_ADAPTERS = {
  netsuite: (options: ErpAdapterOptions): ErpAdapter => new NetSuiteRestErpAdapter(options),
  tryton: (options: ErpAdapterOptions): ErpAdapter => new TrytonErpAdapter(options),
} satisfies Record<string, (options: ErpAdapterOptions) => ErpAdapter>;

export type ErpKind = keyof typeof ERP_ADAPTERS;

export interface BackofficeAdaptersOptions {
  erpKind: ErpKind;
  erpBaseUrl: string;
  wmsBaseUrl: string;
  paymentsBaseUrl: string;
  taxBaseUrl: string;
  /** Per-call timeout of ERP calls (default 15 s). */
  erpTimeoutMs?: number;
  /** Per-call timeout of WMS, payments and tax calls (default 10 s). */
  timeoutMs?: number;
  /** NetSuite account id (TBA realm); also the ERP governor's account key. */
  erpAccountId?: string;
  /** How ERP requests are authenticated (ERP_AUTH); none by default outside production. */
  erpAuth?: ErpAuth;
  erpNonInventoryItemId?: string;
  /** TRYTON_DATABASE, TRYTON_USER, TRYTON_PASSWORD (ERP_KIND=tryton). */
  tryton?: TrytonSettings;
  /** The account governor's settings (used by `createGovernedErp`). */
  erpGovernor?: ErpGovernorSettings;
  fetch?: FetchFn;
}

export interface BackofficeAdapters {
  erp: ErpAdapter;
  wms: WmsAdapter;
  payments: PaymentsAdapter;
  tax: TaxAdapter;
}

export function createBackofficeAdapters(options: BackofficeAdaptersOptions): BackofficeAdapters {
  const createErp = ERP_ADAPTERS[options.erpKind];
  if (!createErp) throw new RangeError(`unknown ERP kind "${String(options.erpKind)}"`);
  const common = { timeoutMs: options.timeoutMs, fetch: options.fetch };
  return {
    erp: createErp({
      baseUrl: options.erpBaseUrl,
      timeoutMs: options.erpTimeoutMs,
      fetch: authenticatedFetch(
        options.fetch ?? platformFetch,
        options.erpAuth ?? { kind: 'none' },
      ),
      nonInventoryItemId: options.erpNonInventoryItemId,
      tryton: options.tryton,
    }),
    wms: new HttpWmsAdapter({ baseUrl: options.wmsBaseUrl, ...common }),
    payments: new HttpPaymentsAdapter({ baseUrl: options.paymentsBaseUrl, ...common }),
    tax: new HttpTaxAdapter({ baseUrl: options.taxBaseUrl, ...common }),
  };
}
