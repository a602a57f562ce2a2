import type { FactoryProvider } from '@nestjs/common';
import { SERVICE_CONFIG, ServiceConfig } from '@retail/platform-config';
import { backofficeOptionsFromEnv } from '../../config';
import type { ErpAdapter } from '../erp-adapter';
import { GovernedBackoffice, createGovernedBackoffice } from './governed-erp.factory';

/** DI token of the governed back office (`{ erp, wms, payments, tax, governor }`). */
export const GOVERNED_BACKOFFICE = Symbol('GOVERNED_BACKOFFICE');

/**
 * Optional DI token: an ERP adapter to put behind the governor instead of the one built from
 * ERP_KIND (tests bind an in-process fake here, so the governor's permits, priorities and
 * adaptive limit are exercised exactly as in production).
 */
export const ERP_INNER_ADAPTER = Symbol('ERP_INNER_ADAPTER');

/**
 * The one way a service gets its ERP client: reads the back-office variables from the
 * service's validated env (SERVICE_CONFIG), builds the adapters once, puts the ERP behind the
 * account governor (PostgreSQL, DATABASE_URL or ERP_GOVERNOR_DATABASE_URL), starts it before
 * the module is ready and closes it on shutdown. Pair it with {@link governedErpProvider} to
 * expose the ERP port under the token the service already injects.
 */
export const governedBackofficeProvider: FactoryProvider<GovernedBackoffice> = {
  provide: GOVERNED_BACKOFFICE,
  inject: [SERVICE_CONFIG, { token: ERP_INNER_ADAPTER, optional: true }],
  useFactory: async (config: ServiceConfig, inner?: ErpAdapter) => {
    const env = config.env as unknown as Record<string, string | undefined>;
    const backoffice = createGovernedBackoffice(
      backofficeOptionsFromEnv(env),
      config.serviceName,
      inner,
    );
    await backoffice.governor.start();
    return Object.assign(backoffice, {
      // Nest calls this on shutdown: waiters are refused, permits and demand rows dropped.
      onApplicationShutdown: () => backoffice.governor.close(),
    });
  },
};

/** `{ provide: token, useFactory: (b) => b.erp }`: the governed ERP port under `token`. */
export function governedErpProvider(token: symbol | string): FactoryProvider {
  return {
    provide: token,
    inject: [GOVERNED_BACKOFFICE],
    useFactory: (backoffice: GovernedBackoffice) => backoffice.erp,
  };
}
