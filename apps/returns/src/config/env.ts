import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Min } from 'class-validator';
import { BaseEnv } from '@retail/platform-config';
import { DependencyTarget, loadServiceConfig } from '@retail/platform-service';
import { WORKER_STEPS } from '../returns/workflow/step-names';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** Returns orchestration: its own variables on top of the shared ones. */
export class ReturnsEnv extends BaseEnv {
  @IsUrl({ require_tld: false })
  ERP_BASE_URL = 'http://127.0.0.1:3099';

  @IsUrl({ require_tld: false })
  WMS_BASE_URL = 'http://127.0.0.1:3099';

  @IsUrl({ require_tld: false })
  PAYMENTS_BASE_URL = 'http://127.0.0.1:3099';

  @IsUrl({ require_tld: false })
  TAX_BASE_URL = 'http://127.0.0.1:3099';

  /** Order-ingestion, called with SERVICE_API_KEY (timeout SERVICE_CALL_TIMEOUT_MS). */
  @IsUrl({ require_tld: false })
  ORDERS_BASE_URL = 'http://127.0.0.1:3001';

  /** Inventory, called with SERVICE_API_KEY (timeout SERVICE_CALL_TIMEOUT_MS). */
  @IsUrl({ require_tld: false })
  INVENTORY_BASE_URL = 'http://127.0.0.1:3002';

  /** A return whose estimated refund is above this (minor units) waits for approval. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RETURNS_APPROVAL_THRESHOLD = 50_000;

  /** A customer with this many returns inside the window is reviewed before authorization. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETURNS_CUSTOMER_MAX_RETURNS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETURNS_CUSTOMER_WINDOW_DAYS = 30;

  /**
   * Advance exchange: the goods must be received within this many seconds of authorization
   * (default 14 days); when the window passes without them, the customer is charged for the
   * replacement (minus what was already charged) and the return is rejected (ADR 0036).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETURNS_ADVANCE_EXCHANGE_WINDOW_SECONDS = 14 * 24 * 3600;

  /** Where refurbishable units are sent (WMS transfer request). */
  @IsString()
  RETURNS_REFURBISH_LOCATION_ID = 'REFURB-CENTER';

  /**
   * The liquidation partner (its id in the WMS) scrapped units are handed to, by one disposition
   * transfer per return (ADR 0040). Unset: scrapped units are destroyed where they were
   * received; the ERP write-off is posted either way.
   */
  @IsString()
  @IsOptional()
  RETURNS_LIQUIDATION_PARTNER_ID?: string;

  /** The ERP account the scrap write-off is booked against (the ERP's default when unset). */
  @IsString()
  @IsOptional()
  RETURNS_SCRAP_ACCOUNT_ID?: string;

  /** SKU prefixes whose opened or defective units are refurbished rather than resold/scrapped. */
  @IsString()
  @IsOptional()
  RETURNS_REFURBISH_SKU_PREFIXES?: string;

  /** Safety-net poll of the workflow worker (a NOTIFY on commit wakes it at once). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  RETURNS_WORKER_INTERVAL_MS = 1000;

  /** Attempts of a retryable step before the return goes to `exception`. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETURNS_STEP_MAX_ATTEMPTS = 10;

  /** A claimed step whose worker died is taken over after this lease. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  RETURNS_STEP_LEASE_MS = 60_000;

  /** Test hook: fail (throw) or crash (exit) just before this step runs. Never set in production. */
  @IsIn([...WORKER_STEPS])
  @IsOptional()
  RETURNS_FAULT_BEFORE_STEP?: string;

  @Matches(/^(throw|exit)$/)
  RETURNS_FAULT_MODE = 'throw';
}

export const SERVICE_NAME = 'returns';
export const DEFAULT_PORT = 3003;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig(SERVICE_NAME, 'returns', ReturnsEnv, source);
}
export type ReturnsConfig = ReturnType<typeof loadConfig>;

/** The services returns calls (its `calls` in tools/services.json). */
export function dependencyTargets(config: ReturnsConfig): DependencyTarget[] {
  return [
    { name: 'order-ingestion', baseUrl: config.env.ORDERS_BASE_URL },
    { name: 'inventory', baseUrl: config.env.INVENTORY_BASE_URL },
  ];
}
