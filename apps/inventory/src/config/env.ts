import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Max, Min } from 'class-validator';
import { ERP_ADAPTERS } from '@retail/backoffice-adapters';
import { BaseEnv } from '@retail/platform-config';
import { DependencyTarget, loadServiceConfig } from '@retail/platform-service';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** Inventory availability: its own variables on top of the shared ones. */
export class InventoryEnv extends BaseEnv {
  /** Which ERP adapter (@retail/backoffice-adapters ERP_ADAPTERS). */
  @IsIn(Object.keys(ERP_ADAPTERS))
  ERP_KIND = 'netsuite';

  @IsUrl({ require_tld: false })
  ERP_BASE_URL = 'http://127.0.0.1:3099';

  /** Per-call timeout of ERP calls. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ERP_TIMEOUT_MS = 15_000;

  /** Movement partitions (subjects end in a partition token). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INVENTORY_PARTITIONS = 8;

  /** Reservations not consumed or released within this many minutes are expired by the sweeper. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RESERVATION_TTL_MINUTES = 10080;

  /** How often the expiry sweeper looks for reservations past their TTL. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  RESERVATION_SWEEP_INTERVAL_MS = 30_000;

  /** How often dirty SKUs are flushed as `availability.changed` (the coalescing window). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  AVAILABILITY_FLUSH_MS = 500;

  /** Channels that get `availability.changed` events (channels with rules are added). */
  @IsString()
  AVAILABILITY_CHANNELS = 'shopify,amazon,pos';

  /** Window of the aggregated ERP inventory posting (net delta per SKU and location). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ERP_POST_INTERVAL_MS = 60_000;

  /**
   * Order-ingestion, asked with SERVICE_API_KEY whether a channel key's reservation names an
   * order of that channel (timeout SERVICE_CALL_TIMEOUT_MS).
   */
  @IsUrl({ require_tld: false })
  ORDERS_BASE_URL = 'http://127.0.0.1:3001';

  /** Publish `movement.recorded` per applied movement (turn off only for bulk back-fills). */
  @IsIn(['true', 'false'])
  INVENTORY_PUBLISH_MOVEMENTS = 'true';
}

export const SERVICE_NAME = 'inventory';
export const DEFAULT_PORT = 3002;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig(SERVICE_NAME, 'inventory', InventoryEnv, source);
}
export type InventoryConfig = ReturnType<typeof loadConfig>;

/** The services inventory calls (its `calls` in tools/services.json). */
export function dependencyTargets(config: InventoryConfig): DependencyTarget[] {
  return [{ name: 'order-ingestion', baseUrl: config.env.ORDERS_BASE_URL }];
}
