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
export * from './erp-config';
export type { ErpAuth } from './erp/netsuite/auth/erp-auth';
export { authenticatedFetch } from './erp/netsuite/auth/erp-auth';
export type { TbaCredentials } from './erp/netsuite/auth/tba-signature';
export {
  tbaAuthorization,
  parseOAuthHeader,
  signatureBaseString,
  hmacSignature,
  realmOf,
} from './erp/netsuite/auth/tba-signature';
export type { OAuth2Credentials } from './erp/netsuite/auth/oauth2-client-credentials';
export {
  NETSUITE_TOKEN_PATH,
  JWT_BEARER,
  clientAssertion,
} from './erp/netsuite/auth/oauth2-client-credentials';
export { DEFAULT_NON_INVENTORY_ITEM_ID } from './erp/netsuite/netsuite-mapping';
export * from './erp/governor/erp-priority';
export type { ErpGovernorOptions, ErpPermit } from './erp/governor/erp-governor';
export { ErpGovernor } from './erp/governor/erp-governor';
export { GovernedErpAdapter } from './erp/governor/governed-erp.adapter';
export * from './erp/governor/governed-erp.factory';
export { GOVERNOR_MIGRATIONS, ensureGovernorSchema } from './erp/governor/governor-schema';
export * from './erp/governor/erp-client.provider';
