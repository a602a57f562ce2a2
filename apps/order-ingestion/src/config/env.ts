import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ERP_ADAPTERS } from '@retail/backoffice-adapters';
import { BaseEnv } from '@retail/platform-config';
import { DependencyTarget, loadServiceConfig } from '@retail/platform-service';
import { PostingSchedule } from '../orders/erp/posting-schedule';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const URL_OPTIONS = { require_tld: false, require_protocol: true };

/** ERP_POSTING_SCHEDULE must parse: the parser's own one-line reason when it does not. */
@ValidatorConstraint({ name: 'postingSchedule' })
class ValidPostingSchedule implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: string): boolean {
    try {
      PostingSchedule.parse(value);
      return true;
    } catch (error) {
      this.problem = (error as Error).message;
      return false;
    }
  }

  defaultMessage(): string {
    return this.problem;
  }
}

/** Order ingestion: its own variables on top of the shared ones. */
export class OrderIngestionEnv extends BaseEnv {
  /**
   * The ERP account's ceiling of calls in flight, every service and replica together (the
   * governor's, read by @retail/backoffice-adapters).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ERP_MAX_CONCURRENCY = 4;

  /**
   * ERP jobs this replica works at once (default: erpWorkerLanes). More lanes than the ERP
   * takes calls: the spare lanes wait at the governor with their order loaded, so a freed permit
   * is used at once instead of after the next claim and load (the governor, not the lanes, holds
   * the ERP to its limit).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ERP_WORKER_LANES?: number;

  /** ERP calls started per second on the account, every service together (the governor's). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ERP_MAX_RPS = 20;

  /** Which ERP adapter (@retail/backoffice-adapters ERP_ADAPTERS). */
  @IsIn(Object.keys(ERP_ADAPTERS))
  ERP_KIND = 'netsuite';

  @IsUrl(URL_OPTIONS)
  ERP_BASE_URL = 'http://127.0.0.1:3099';

  /** Per-call timeout of ERP calls. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ERP_TIMEOUT_MS = 15000;

  /** How long the circuit breaker stays open before one trial call (half-open). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ERP_BREAKER_RESET_MS = 5000;

  /** Longest back-off between two attempts of one ERP job. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ERP_MAX_BACKOFF_MS = 30000;

  /** ERP customer used when master-data could not match the buyer (guest checkout). */
  @IsString()
  ERP_DEFAULT_CUSTOMER_ID = 'retail-guest';

  /**
   * When each ERP posting of a shipment may go (ADR 0041): `<recordType>=<rule>;…`, record types
   * itemFulfillment, invoice, cashSale; a rule is a UTC window `22:00-06:00` (seconds allowed)
   * or batches `every 15m`. Unnamed types post at once. Empty: everything at once.
   */
  @IsOptional()
  @IsString()
  @Validate(ValidPostingSchedule)
  ERP_POSTING_SCHEDULE?: string;

  /**
   * Channels whose shipments are billed with a cash sale (paid at the counter); every other
   * channel's with an invoice. Comma-separated.
   */
  @IsString()
  ERP_CASH_SALE_CHANNELS = 'square,pos';

  /** Inventory, called with SERVICE_API_KEY (timeout SERVICE_CALL_TIMEOUT_MS). */
  @IsUrl(URL_OPTIONS)
  INVENTORY_BASE_URL = 'http://127.0.0.1:3002';

  /** Master-data, called with SERVICE_API_KEY (timeout SERVICE_CALL_TIMEOUT_MS). */
  @IsUrl(URL_OPTIONS)
  MASTERDATA_BASE_URL = 'http://127.0.0.1:3004';

  /** Safety-net poll of the pipeline worker when no NOTIFY woke it. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  PIPELINE_POLL_MS = 1000;

  /** Orders the pipeline worker of one replica processes at once (its lanes). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PIPELINE_CONCURRENCY = 16;

  /** First back-off of an order waiting for master-data or inventory (doubles, jittered, max 60 s). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  PIPELINE_RETRY_BASE_MS = 500;

  /**
   * How long an order whose payment is `failed` waits for a later payment status update before
   * it is cancelled (ADR 0037). Default one day.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  PAYMENT_FAILED_GRACE_MS = 86_400_000;

  @IsString()
  @IsOptional()
  SHOPIFY_WEBHOOK_SECRET?: string;

  @IsString()
  @IsOptional()
  SQUARE_WEBHOOK_SIGNATURE_KEY?: string;

  /** The public URL Square posts to (part of what Square signs). */
  @IsString()
  @IsOptional()
  SQUARE_WEBHOOK_NOTIFICATION_URL?: string;
}

export const SERVICE_NAME = 'order-ingestion';
export const DEFAULT_PORT = 3001;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig(SERVICE_NAME, 'order_ingestion', OrderIngestionEnv, source);
}
export type OrderIngestionConfig = ReturnType<typeof loadConfig>;

/**
 * ERP lanes per replica: four per permit by default. A job spends about as long outside its call
 * (claim, load, settle: several round trips on a busy process) as the call itself at 50 ms; with
 * two lanes per permit the bench saw 2-3 of 4 permits in use while 40+ ERP jobs waited.
 */
export function erpWorkerLanes(config: OrderIngestionConfig): number {
  return config.env.ERP_WORKER_LANES ?? config.env.ERP_MAX_CONCURRENCY * 4;
}

/** The services order-ingestion calls (its `calls` in tools/services.json). */
export function dependencyTargets(config: OrderIngestionConfig): DependencyTarget[] {
  return [
    { name: 'inventory', baseUrl: config.env.INVENTORY_BASE_URL },
    { name: 'master-data', baseUrl: config.env.MASTERDATA_BASE_URL },
  ];
}
