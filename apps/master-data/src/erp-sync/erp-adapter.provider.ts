import type { Provider } from '@nestjs/common';
import { backofficeOptionsFromEnv, createBackofficeAdapters } from '@retail/backoffice-adapters';
import type { MasterDataConfig } from '../config/env';

/** The ERP as an adapter (NetSuite REST by default; ERP_KIND picks another). */
export const ERP_ADAPTER = Symbol('ERP_ADAPTER');

export function erpAdapterProvider(config: MasterDataConfig): Provider {
  return {
    provide: ERP_ADAPTER,
    useFactory: () => {
      // The validated env keeps every variable, so ERP_KIND, ERP_TIMEOUT_MS ... are honoured.
      const env = config.env as unknown as Record<string, string | undefined>;
      return createBackofficeAdapters(backofficeOptionsFromEnv(env)).erp;
    },
  };
}
