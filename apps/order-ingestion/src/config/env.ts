import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Min } from 'class-validator';
import { BaseEnv } from '@retail/platform-config';
import { loadServiceConfig } from '@retail/platform-service';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

/** Order ingestion: its own variables on top of the shared ones. */
export class OrderIngestionEnv extends BaseEnv {
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ERP_MAX_CONCURRENCY = 4;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  ERP_MAX_RPS = 20;

  @IsUrl({ require_tld: false })
  ERP_BASE_URL = 'http://127.0.0.1:3099';

  @IsString()
  @IsOptional()
  SHOPIFY_WEBHOOK_SECRET?: string;

  @IsString()
  @IsOptional()
  SQUARE_WEBHOOK_SIGNATURE_KEY?: string;
}

export const SERVICE_NAME = 'order-ingestion';
export const DEFAULT_PORT = 3001;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig(SERVICE_NAME, 'order_ingestion', OrderIngestionEnv, source);
}
export type OrderIngestionConfig = ReturnType<typeof loadConfig>;
