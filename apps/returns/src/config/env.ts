import { IsUrl } from 'class-validator';
import { BaseEnv } from '@retail/platform-config';
import { loadServiceConfig } from '@retail/platform-service';

/** Returns orchestration: its own variables on top of the shared ones. */
export class ReturnsEnv extends BaseEnv {
  @IsUrl({ require_tld: false })
  ERP_BASE_URL = 'http://127.0.0.1:3099';

  @IsUrl({ require_tld: false })
  BACKOFFICE_BASE_URL = 'http://127.0.0.1:3099';

  @IsUrl({ require_tld: false })
  ORDERS_BASE_URL = 'http://127.0.0.1:3001';

  @IsUrl({ require_tld: false })
  INVENTORY_BASE_URL = 'http://127.0.0.1:3002';
}

export const SERVICE_NAME = 'returns';
export const DEFAULT_PORT = 3003;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig(SERVICE_NAME, 'returns', ReturnsEnv, source);
}
export type ReturnsConfig = ReturnType<typeof loadConfig>;
