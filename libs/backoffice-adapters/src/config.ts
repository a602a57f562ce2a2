import { accountIdFromUrl, readErpAuth, readGovernor, readTryton } from './erp-config';
import { BackofficeAdaptersOptions, ERP_ADAPTERS, ErpKind } from './factory';

/** Where the back-office systems are when nothing is configured: the local simulator. */
export const DEFAULT_BACKOFFICE_URL = 'http://127.0.0.1:3099';

/**
 * The one reading of the back-office variables (README: the table). The ERP part is read once
 * here for every service: ERP_KIND, ERP_BASE_URL, ERP_ACCOUNT_ID, ERP_AUTH and its credentials,
 * ERP_TIMEOUT_MS, ERP_NON_INVENTORY_ITEM_ID and the account governor's ERP_MAX_CONCURRENCY,
 * ERP_MAX_RPS, ERP_GOVERNOR_*; with ERP_KIND=tryton, TRYTON_DATABASE, TRYTON_USER and
 * TRYTON_PASSWORD instead of ERP_AUTH. Every URL defaults to the simulator. Throws listing every bad
 * variable, so a service refuses to start with one clear line.
 */
export function backofficeOptionsFromEnv(
  env: Record<string, string | undefined>,
): BackofficeAdaptersOptions {
  const problems: string[] = [];
  const erpKind = (env.ERP_KIND ?? 'netsuite') as ErpKind;
  if (!(erpKind in ERP_ADAPTERS)) {
    problems.push(`ERP_KIND must be one of ${Object.keys(ERP_ADAPTERS).join(', ')}`);
  }
  const url = (name: string) => readUrl(env, name, problems);
  const erpBaseUrl = url('ERP_BASE_URL');
  const erpAccountId =
    env.ERP_ACCOUNT_ID ?? (URL.canParse(erpBaseUrl) ? accountIdFromUrl(erpBaseUrl) : '');
  const nonInventory = env.ERP_NON_INVENTORY_ITEM_ID;
  if (!nonInventory && env.NODE_ENV === 'production')
    problems.push('ERP_NON_INVENTORY_ITEM_ID is required in production (non-stock lines)');
  const tryton = erpKind === 'tryton' ? { tryton: readTryton(env, problems) } : undefined;
  const options: BackofficeAdaptersOptions = {
    erpKind,
    erpBaseUrl,
    erpAccountId,
    erpAuth: tryton ? { kind: 'none' } : readErpAuth(env, erpBaseUrl, erpAccountId, problems),
    ...tryton,
    erpGovernor: readGovernor(env, problems),
    ...(nonInventory ? { erpNonInventoryItemId: nonInventory } : {}),
    wmsBaseUrl: url('WMS_BASE_URL'),
    paymentsBaseUrl: url('PAYMENTS_BASE_URL'),
    taxBaseUrl: url('TAX_BASE_URL'),
    erpTimeoutMs: readMs(env, 'ERP_TIMEOUT_MS', 15_000, problems),
    timeoutMs: readMs(env, 'BACKOFFICE_TIMEOUT_MS', 10_000, problems),
  };
  if (problems.length > 0)
    throw new RangeError(`invalid back-office config: ${problems.join('; ')}`);
  return options;
}

function readUrl(
  env: Record<string, string | undefined>,
  name: string,
  problems: string[],
): string {
  const value = env[name] ?? DEFAULT_BACKOFFICE_URL;
  if (!URL.canParse(value)) problems.push(`${name} is not a URL`);
  return value;
}

function readMs(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) problems.push(`${name} must be a positive integer`);
  return value;
}
