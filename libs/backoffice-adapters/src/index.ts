export * from './errors';
export * from './money';
export type { CallContext, FetchFn, HttpAdapterOptions } from '@retail/platform-http-client';
export { DEFAULT_RETRY_AFTER_MS } from '@retail/platform-http-client';
export * from './erp/erp-adapter';
export type { NetSuiteAdapterOptions } from './erp/netsuite/netsuite-rest-erp.adapter';
export {
  NetSuiteRestErpAdapter,
  NETSUITE_RECORD_PATH,
  OUTCOME_HEADER,
} from './erp/netsuite/netsuite-rest-erp.adapter';
export * from './wms/wms-adapter';
export { HttpWmsAdapter } from './wms/http-wms.adapter';
export * from './payments/payments-adapter';
export { HttpPaymentsAdapter } from './payments/http-payments.adapter';
export * from './tax/tax-adapter';
export { HttpTaxAdapter } from './tax/http-tax.adapter';
export * from './factory';
export * from './config';
