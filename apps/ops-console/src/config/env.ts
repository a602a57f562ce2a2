import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Min } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { BaseEnv, loadEnv } from '@retail/platform-config';
import { LOCAL_ADMIN_KEY } from '@retail/platform-http';
import { isPasswordHash } from '../auth/password';

export const DEFAULT_PORT = 3000;
/** Outside production, with OPS_CONSOLE_USERS unset: this user, password = user name. */
export const LOCAL_OPERATOR = 'operator';

const URL_OPTIONS = { require_tld: false, require_protocol: true };
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** The console's variables (DATABASE_URL and NATS_URL of BaseEnv are not used: no state). */
export class OpsConsoleEnv extends BaseEnv {
  /** `name=scrypt$salt$hash,...` (hash: `npm run ops-console:hash-password`). */
  @IsString()
  @IsOptional()
  OPS_CONSOLE_USERS?: string;

  /** HMAC key of the session cookies, shared by every replica (at least 32 characters). */
  @IsString()
  @IsOptional()
  OPS_CONSOLE_SESSION_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  OPS_CONSOLE_SESSION_TTL_SECONDS = 8 * 3600;

  @IsUrl(URL_OPTIONS)
  ORDERS_BASE_URL = 'http://127.0.0.1:3001';

  @IsUrl(URL_OPTIONS)
  INVENTORY_BASE_URL = 'http://127.0.0.1:3002';

  @IsUrl(URL_OPTIONS)
  RETURNS_BASE_URL = 'http://127.0.0.1:3003';

  @IsUrl(URL_OPTIONS)
  MASTERDATA_BASE_URL = 'http://127.0.0.1:3004';

  @IsUrl(URL_OPTIONS)
  CHANNEL_SYNC_BASE_URL = 'http://127.0.0.1:3005';
}

export interface OpsConsoleConfig {
  port: number;
  production: boolean;
  logLevel: string;
  /** user name -> scrypt hash. */
  users: ReadonlyMap<string, string>;
  sessionSecret: string;
  sessionTtlMs: number;
  /** The console's own key (SERVICE_API_KEY; the services accept it with scope admin). */
  apiKey: string;
  timeoutMs: number;
  baseUrls: Record<ServiceName, string>;
  /** Set outside production when OPS_CONSOLE_USERS is unset: the local operator's password. */
  localOperator?: string;
}

export type ServiceName =
  'order-ingestion' | 'inventory' | 'returns' | 'master-data' | 'channel-sync';

function parseUsers(spec: string): Map<string, string> {
  const users = new Map<string, string>();
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const [name, hash] = [entry.slice(0, at), entry.slice(at + 1)];
    if (at < 1 || !/^[A-Za-z0-9._@-]{1,64}$/.test(name) || !isPasswordHash(hash))
      throw new Error(
        `OPS_CONSOLE_USERS entry "${entry.slice(0, 40)}" is not name=scrypt$salt$hash ` +
          '(make one with `npm run ops-console:hash-password`)',
      );
    users.set(name, hash);
  }
  return users;
}

/**
 * Production refuses every development default, one clear line each: no users, a missing or
 * short session secret, or the well-known local key.
 */
function productionProblems(env: OpsConsoleEnv): string[] {
  const problems: string[] = [];
  if (!env.OPS_CONSOLE_USERS) problems.push('OPS_CONSOLE_USERS must be set in production');
  if ((env.OPS_CONSOLE_SESSION_SECRET ?? '').length < 32)
    problems.push('OPS_CONSOLE_SESSION_SECRET must be at least 32 characters in production');
  if (!env.SERVICE_API_KEY || env.SERVICE_API_KEY === LOCAL_ADMIN_KEY)
    problems.push(
      `SERVICE_API_KEY must be the console's own admin key in production (unset or ${LOCAL_ADMIN_KEY})`,
    );
  return problems;
}

export async function loadConfig(
  source: NodeJS.ProcessEnv = process.env,
  hash: (password: string) => Promise<string>,
): Promise<OpsConsoleConfig> {
  const env = loadEnv(OpsConsoleEnv, source);
  const production = env.NODE_ENV === 'production';
  if (production) {
    const problems = productionProblems(env);
    if (problems.length) throw new Error(problems.join('; '));
  }
  const users = env.OPS_CONSOLE_USERS
    ? parseUsers(env.OPS_CONSOLE_USERS)
    : new Map([[LOCAL_OPERATOR, await hash(LOCAL_OPERATOR)]]);
  return {
    port: env.PORT ?? DEFAULT_PORT,
    production,
    logLevel: env.LOG_LEVEL,
    users,
    sessionSecret: env.OPS_CONSOLE_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    sessionTtlMs: env.OPS_CONSOLE_SESSION_TTL_SECONDS * 1000,
    apiKey: env.SERVICE_API_KEY ?? LOCAL_ADMIN_KEY,
    timeoutMs: env.SERVICE_CALL_TIMEOUT_MS,
    baseUrls: {
      'order-ingestion': env.ORDERS_BASE_URL,
      inventory: env.INVENTORY_BASE_URL,
      returns: env.RETURNS_BASE_URL,
      'master-data': env.MASTERDATA_BASE_URL,
      'channel-sync': env.CHANNEL_SYNC_BASE_URL,
    },
    ...(env.OPS_CONSOLE_USERS ? {} : { localOperator: LOCAL_OPERATOR }),
  };
}
