import { Transform } from 'class-transformer';
import { IsInt, IsUrl, Min } from 'class-validator';
import { BaseEnv } from '@retail/platform-config';
import { loadServiceConfig } from '@retail/platform-service';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

/** Inventory availability: its own variables on top of the shared ones. */
export class InventoryEnv extends BaseEnv {
  @IsUrl({ require_tld: false })
  ERP_BASE_URL = 'http://127.0.0.1:3099';

  /** Movement partitions (subjects end in a partition token). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INVENTORY_PARTITIONS = 8;
}

export const SERVICE_NAME = 'inventory';
export const DEFAULT_PORT = 3002;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig(SERVICE_NAME, 'inventory', InventoryEnv, source);
}
export type InventoryConfig = ReturnType<typeof loadConfig>;
