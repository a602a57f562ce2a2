import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, IsUrl, Max, Min } from 'class-validator';
import { BaseEnv, isProduction } from '@retail/platform-config';
import { type DependencyTarget, loadServiceConfig } from '@retail/platform-service';
import { loadChannelAccounts } from './accounts';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : value === true || value === 'true' || value === '1';

/**
 * Channel sync: the shared variables, the order-ingestion endpoint and the pull tuning. The
 * channel accounts themselves (`CHANNEL_ACCOUNTS`, `<CHANNEL>_*`) are read by `accounts.ts`.
 */
export class ChannelSyncEnv extends BaseEnv {
  @IsUrl({ require_tld: false })
  ORDERS_BASE_URL = 'http://127.0.0.1:3001';

  /** This service's own key (scope `service`) for order-ingestion. */
  @IsString()
  override SERVICE_API_KEY = 'local-admin-key';

  /** A pull window starts this long before the cursor: late-visible orders are not skipped. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  CHANNEL_SYNC_SKEW_SECONDS = 120;

  /** A pull window ends this long before now: the channel's clock and indexing settle. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  CHANNEL_SYNC_SETTLE_SECONDS = 5;

  /** Where the first pull of a new account starts (hours back). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CHANNEL_SYNC_INITIAL_LOOKBACK_HOURS = 24;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(250)
  CHANNEL_SYNC_PAGE_SIZE = 100;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  CHANNEL_SYNC_HTTP_TIMEOUT_MS = 15_000;

  /** Scheduled pulls on (off: only `POST /v1/channels/{channel}/pull` and webhooks). */
  @Transform(toBool)
  @IsBoolean()
  CHANNEL_SYNC_SCHEDULE_ENABLED = true;

  /** Scheduled reconciliation per account every this many minutes (0: off). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES = 60;

  /** Window of the scheduled reconciliation, ending now (hours). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  CHANNEL_SYNC_RECONCILE_WINDOW_HOURS = 24;

  /** Outbound pushes on (off: events are still queued, nothing is sent to the channels). */
  @Transform(toBool)
  @IsBoolean()
  CHANNEL_SYNC_OUTBOUND_ENABLED = true;

  /** Safety-net poll of the outbound queues (new work wakes them at once by NOTIFY). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  CHANNEL_SYNC_OUTBOUND_POLL_MS = 2000;

  /** Longest run of one availability drain before it lets other work of the account in. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  CHANNEL_SYNC_OUTBOUND_SLICE_MS = 10_000;

  /**
   * How long a claimed outbound job is the claimer's: a job of a process that died (SIGKILL, OOM)
   * is taken again once its lease ends. The job worker renews the lease every third of it while
   * the push runs (rate-limit waits and drain slices included), so it bounds only how long a dead
   * replica's push waits to be taken over; a stall of the process longer than the lease lets
   * another replica take the push (harmless: pushes are idempotent at the channel, and the stalled
   * run's outcome is not applied).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  CHANNEL_SYNC_OUTBOUND_LEASE_MS = 120_000;
}

export const SERVICE_NAME = 'channel-sync';
export const DEFAULT_PORT = 3005;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  const base = loadServiceConfig(SERVICE_NAME, 'channel_sync', ChannelSyncEnv, source);
  return { ...base, accounts: loadChannelAccounts(source, isProduction(base.env)) };
}
export type ChannelSyncConfig = ReturnType<typeof loadConfig>;

/** The services channel-sync calls (tools/services.json `calls`): checked for readiness. */
export function dependencyTargets(config: ChannelSyncConfig): DependencyTarget[] {
  return [{ name: 'order-ingestion', baseUrl: config.env.ORDERS_BASE_URL }];
}
