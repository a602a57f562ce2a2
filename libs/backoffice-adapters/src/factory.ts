import { ErpAdapter } from './erp/erp-adapter';
import { NetSuiteRestErpAdapter } from './erp/netsuite/netsuite-rest-erp.adapter';
import { FetchFn } from '@retail/platform-http-client';
import { HttpPaymentsAdapter } from './payments/http-payments.adapter';
import { PaymentsAdapter } from './payments/payments-adapter';
import { HttpTaxAdapter } from './tax/http-tax.adapter';
import { TaxAdapter } from './tax/tax-adapter';
import { HttpWmsAdapter } from './wms/http-wms.adapter';
import { WmsAdapter } from './wms/wms-adapter';

export interface ErpAdapterOptions {
  baseUrl: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  fetch?: FetchFn;
}

/**
 * One entry per ERP. Adding SAP, Dynamics 365, Odoo or Tryton is one adapter class and one
 * line here; nothing that calls `ErpAdapter` changes.
 */
export const ERP_ADAPTERS = {
  netsuite: (options: ErpAdapterOptions): ErpAdapter => new NetSuiteRestErpAdapter(options),
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
  /** Credentials etc. for the ERP (e.g. `{ authorization: 'Bearer …' }`). */
  erpHeaders?: Record<string, string>;
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
      headers: options.erpHeaders,
      fetch: options.fetch,
    }),
    wms: new HttpWmsAdapter({ baseUrl: options.wmsBaseUrl, ...common }),
    payments: new HttpPaymentsAdapter({ baseUrl: options.paymentsBaseUrl, ...common }),
    tax: new HttpTaxAdapter({ baseUrl: options.taxBaseUrl, ...common }),
  };
}
