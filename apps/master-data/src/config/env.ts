import { IsOptional, IsString, IsUrl } from 'class-validator';
import { BaseEnv } from '@retail/platform-config';
import { loadServiceConfig } from '@retail/platform-service';

/** Master data sync: its own variables on top of the shared ones. */
export class MasterDataEnv extends BaseEnv {
  @IsUrl({ require_tld: false })
  ERP_BASE_URL = 'http://127.0.0.1:3099';

  /** Cron expression for the ERP item master pull; empty disables it. */
  @IsString()
  @IsOptional()
  MASTERDATA_ERP_SYNC_CRON?: string;
}

export const SERVICE_NAME = 'master-data';
export const DEFAULT_PORT = 3004;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig(SERVICE_NAME, 'master_data', MasterDataEnv, source);
}
export type MasterDataConfig = ReturnType<typeof loadConfig>;
