import { parseLocationMap } from '../outbound/domain/availability-targets';
import {
  CHANNEL_CATALOGUE,
  CHANNELS,
  type ChannelName,
  type InboundMode,
  type RateLimit,
} from './channel-catalogue';

/** One configured channel account (one per channel for now: the account id is the channel). */
export interface ChannelAccount {
  channel: ChannelName;
  inboundMode: InboundMode;
  /** The channel API's base URL, without a trailing slash. */
  baseUrl: string;
  /** Credentials and settings by suffix (`ACCESS_TOKEN`, `STORE_HASH` ...). */
  settings: Record<string, string>;
  buckets: Record<string, RateLimit>;
  pullIntervalMs: number;
  /**
   * Canonical location -> channel location for availability (`<PREFIX>_LOCATION_MAP`); empty:
   * the network total goes to the channel's one default location.
   */
  locationMap: Record<string, string>;
}

type Source = Record<string, string | undefined>;

/** A configured account misses or mis-states something: the service refuses to start. */
export class ChannelAccountsError extends Error {
  constructor(problems: string[]) {
    super(`channel accounts incomplete: ${problems.join('; ')}`);
    this.name = 'ChannelAccountsError';
  }
}

const value = (source: Source, name: string) => {
  const v = source[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/**
 * Reads the channel accounts: `CHANNEL_ACCOUNTS` lists the channels, each with its
 * `<PREFIX>_*` variables. Unset outside production, every channel is an account on the channel
 * simulator (`CHANNEL_SIMULATOR_URL`, default 127.0.0.1:3098) with its test credentials; in
 * production it must be set. Every problem is reported at once, in one line.
 */
export function loadChannelAccounts(source: Source, production: boolean): ChannelAccount[] {
  const listed = value(source, 'CHANNEL_ACCOUNTS');
  if (!listed && production) {
    throw new ChannelAccountsError(['CHANNEL_ACCOUNTS must list the channels in production']);
  }
  const simulator = listed ? undefined : (value(source, 'CHANNEL_SIMULATOR_URL') ?? SIMULATOR);
  const names = listed ? listed.split(',').map((s) => s.trim()) : [...CHANNELS];
  const problems: string[] = [];
  const unknown = names.filter((n) => n !== 'none' && !CHANNELS.includes(n as ChannelName));
  if (unknown.length) {
    problems.push(`CHANNEL_ACCOUNTS: unknown channel(s) ${unknown.join(', ')}`);
  }
  const accounts = names
    .filter((n): n is ChannelName => CHANNELS.includes(n as ChannelName))
    .filter((n, i, all) => all.indexOf(n) === i)
    .map((channel) => accountOf(channel, source, simulator, problems));
  if (problems.length) throw new ChannelAccountsError(problems);
  return accounts;
}

export const SIMULATOR = 'http://127.0.0.1:3098';

function accountOf(
  channel: ChannelName,
  source: Source,
  simulator: string | undefined,
  problems: string[],
): ChannelAccount {
  const def = CHANNEL_CATALOGUE[channel];
  const read = (suffix: string) =>
    value(source, `${def.prefix}_${suffix}`) ?? (simulator ? def.simulator[suffix] : undefined);
  const baseUrl = value(source, `${def.prefix}_API_BASE_URL`) ?? simulator;
  if (!baseUrl) problems.push(`${def.prefix}_API_BASE_URL is required for ${channel}`);
  else if (!/^https?:\/\/[^\s]+$/.test(baseUrl))
    problems.push(`${def.prefix}_API_BASE_URL must be an http(s) URL`);
  const settings: Record<string, string> = {};
  for (const suffix of def.required) {
    const v = read(suffix);
    if (v === undefined) problems.push(`${def.prefix}_${suffix} is required for ${channel}`);
    else settings[suffix] = v;
  }
  for (const [suffix, dflt] of Object.entries(def.optional)) {
    settings[suffix] = read(suffix) ?? dflt;
  }
  const locationMap = parseLocationMap(value(source, `${def.prefix}_LOCATION_MAP`));
  if (typeof locationMap === 'string') problems.push(`${def.prefix}_LOCATION_MAP: ${locationMap}`);
  return {
    channel,
    inboundMode: def.inboundMode,
    locationMap: typeof locationMap === 'string' ? {} : locationMap,
    baseUrl: (baseUrl ?? '').replace(/\/+$/, ''),
    settings,
    buckets: bucketsOf(def.prefix, def.buckets, source, problems),
    pullIntervalMs:
      1000 *
      positive(source, `${def.prefix}_PULL_INTERVAL_SECONDS`, def.pullIntervalSeconds, problems),
  };
}

function bucketsOf(
  prefix: string,
  defaults: Record<string, RateLimit>,
  source: Source,
  problems: string[],
): Record<string, RateLimit> {
  const buckets: Record<string, RateLimit> = {};
  for (const [name, dflt] of Object.entries(defaults)) {
    const variable = name === 'default' ? `${prefix}_RATE_LIMIT` : `${prefix}_RATE_LIMIT_${name}`;
    const raw = value(source, variable);
    const parsed = raw ? parseRateLimit(raw) : dflt;
    if (!parsed) problems.push(`${variable} must be "<requests per second>/<burst>", e.g. 2/40`);
    buckets[name] = parsed ?? dflt;
  }
  return buckets;
}

/** `2/40` -> 2 requests per second, bucket of 40. */
export function parseRateLimit(raw: string): RateLimit | undefined {
  const match = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(raw.trim());
  if (!match) return undefined;
  const ratePerSecond = Number(match[1]);
  const burst = Number(match[2]);
  return ratePerSecond > 0 && burst >= 1 ? { ratePerSecond, burst } : undefined;
}

function positive(source: Source, name: string, dflt: number, problems: string[]): number {
  const raw = value(source, name);
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    problems.push(`${name} must be a positive number of seconds`);
    return dflt;
  }
  return n;
}
