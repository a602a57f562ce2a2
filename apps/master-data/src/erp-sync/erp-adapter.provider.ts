import type { Provider } from '@nestjs/common';
import { governedBackofficeProvider, governedErpProvider } from '@retail/backoffice-adapters';

/** The ERP as an adapter (NetSuite REST by default; ERP_KIND picks another). */
export const ERP_ADAPTER = Symbol('ERP_ADAPTER');

/**
 * The library's one ERP client, behind the account governor: item-master pages run at the
 * lowest priority (`item-sync`), after orders, returns and inventory of every service.
 */
export const erpAdapterProviders: Provider[] = [
  governedBackofficeProvider,
  governedErpProvider(ERP_ADAPTER),
];
