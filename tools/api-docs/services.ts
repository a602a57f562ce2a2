// The API services whose OpenAPI documents are the public contract (docs/api/<name>.openapi.json).
import type { TestServiceDefinition } from '@retail/platform-testing';
import * as channelSync from '../../apps/channel-sync/src/app.module';
import { loadConfig as channelSyncConfig } from '../../apps/channel-sync/src/config/env';
import * as inventory from '../../apps/inventory/src/app.module';
import { loadConfig as inventoryConfig } from '../../apps/inventory/src/config/env';
import * as masterData from '../../apps/master-data/src/app.module';
import { loadConfig as masterDataConfig } from '../../apps/master-data/src/config/env';
import * as orders from '../../apps/order-ingestion/src/app.module';
import { loadConfig as ordersConfig } from '../../apps/order-ingestion/src/config/env';
import * as returns from '../../apps/returns/src/app.module';
import { loadConfig as returnsConfig } from '../../apps/returns/src/config/env';

function define<C>(
  name: string,
  loadConfig: (env: NodeJS.ProcessEnv) => C,
  mod: { AppModule: { register(config: C): any }; APP_OPTIONS: any },
): TestServiceDefinition<any> {
  return {
    name,
    schemaBase: `docs_${name.replace(/-/g, '_')}`,
    loadConfig,
    module: (config) => mod.AppModule.register(config),
    appOptions: mod.APP_OPTIONS,
  };
}

export const API_SERVICES: TestServiceDefinition<any>[] = [
  define('order-ingestion', ordersConfig, orders),
  define('inventory', inventoryConfig, inventory),
  define('returns', returnsConfig, returns),
  define('master-data', masterDataConfig, masterData),
  define('channel-sync', channelSyncConfig, channelSync),
];
