import { Provider } from '@nestjs/common';
import { createBackofficeAdapters, ErpAdapter, ErpKind } from '@retail/backoffice-adapters';
import { SERVICE_CONFIG } from '@retail/platform-config';
import type { InventoryConfig } from '../config/env';

export const ERP_ADAPTER = Symbol('ERP_ADAPTER');

/** The ERP behind its adapter interface: another ERP is another adapter, nothing changes here. */
export const erpAdapterProvider: Provider = {
  provide: ERP_ADAPTER,
  inject: [SERVICE_CONFIG],
  useFactory: (config: InventoryConfig): ErpAdapter => {
    const url = config.env.ERP_BASE_URL;
    return createBackofficeAdapters({
      erpKind: config.env.ERP_KIND as ErpKind,
      erpBaseUrl: url,
      erpTimeoutMs: config.env.ERP_TIMEOUT_MS,
      wmsBaseUrl: url,
      paymentsBaseUrl: url,
      taxBaseUrl: url,
    }).erp;
  },
};
