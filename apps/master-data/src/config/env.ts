import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { BaseEnv } from '@retail/platform-config';
import { loadServiceConfig } from '@retail/platform-service';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** Master data sync: its own variables on top of the shared ones. */
export class MasterDataEnv extends BaseEnv {
  @IsUrl({ require_tld: false })
  ERP_BASE_URL = 'http://127.0.0.1:3099';

  /** Cron expression for the ERP item master pull; empty disables it. */
  @IsString()
  @IsOptional()
  MASTERDATA_ERP_SYNC_CRON?: string;

  /** Items asked per ERP item-master page. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MASTERDATA_ERP_SYNC_PAGE_SIZE = 200;

  /** Return window given to products first seen in the ERP (the ERP does not carry it). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  MASTERDATA_DEFAULT_RETURN_WINDOW_DAYS = 30;

  /** A progress log line every this many import lines (and ERP items). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MASTERDATA_IMPORT_LOG_EVERY = 5000;

  /**
   * Hours a bulk match's answer is kept (`customer_match`): a retried entry within this time gets
   * the same customer back. A retry comes from an order-ingestion run that matched and then lost
   * its lease (minutes); a retry after the purge is matched again by its keys, which find the
   * customer the first answer created.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MASTERDATA_MATCH_RETENTION_HOURS = 168;
}

export const SERVICE_NAME = 'master-data';
export const DEFAULT_PORT = 3004;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig(SERVICE_NAME, 'master_data', MasterDataEnv, source);
}
export type MasterDataConfig = ReturnType<typeof loadConfig>;
