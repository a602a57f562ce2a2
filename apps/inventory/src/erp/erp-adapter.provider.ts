import { Provider } from '@nestjs/common';
import { governedBackofficeProvider, governedErpProvider } from '@retail/backoffice-adapters';

export const ERP_ADAPTER = Symbol('ERP_ADAPTER');

/**
 * The ERP behind its adapter interface and the account's governor (shared with every other
 * service calling the same ERP account): posting and reconciliation run as `inventory` priority.
 */
export const erpAdapterProviders: Provider[] = [
  governedBackofficeProvider,
  governedErpProvider(ERP_ADAPTER),
];
