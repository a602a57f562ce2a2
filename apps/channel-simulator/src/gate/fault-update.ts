import { CHANNELS, ChannelName, isChannel } from '../channels/channel';
import { LimitSpec } from '../limits/limit-spec';
import { ChannelFaults } from './fault-config';

export type FaultChanges = Partial<Record<ChannelName, Partial<ChannelFaults>>>;

const MODES = ['up', 'down', 'slow', 'throttle'];

/**
 * Validates a POST /admin/faults body by hand (per-channel maps of limiter names do not suit
 * class-validator). Unknown channels, fields and limiter names are refused, so a typo never
 * silently does nothing. Returns the changes or the list of problems.
 */
export function parseFaultChanges(
  body: unknown,
  limiterNames: (channel: ChannelName) => string[],
): { changes: FaultChanges; problems: string[] } {
  const problems: string[] = [];
  const changes: FaultChanges = {};
  if (!isRecord(body))
    return { changes, problems: ['body must be an object of channel -> faults'] };
  for (const [channel, value] of Object.entries(body)) {
    if (!isChannel(channel)) {
      problems.push(`unknown channel "${channel}" (one of ${CHANNELS.join(', ')})`);
      continue;
    }
    if (!isRecord(value)) {
      problems.push(`${channel} must be an object`);
      continue;
    }
    changes[channel] = parseChannel(channel, value, limiterNames(channel), problems);
  }
  return { changes, problems };
}

function parseChannel(
  channel: string,
  value: Record<string, unknown>,
  limiters: string[],
  problems: string[],
): Partial<ChannelFaults> {
  const out: Partial<ChannelFaults> = {};
  for (const [field, v] of Object.entries(value)) {
    const at = `${channel}.${field}`;
    switch (field) {
      case 'mode':
        if (typeof v === 'string' && MODES.includes(v)) out.mode = v as ChannelFaults['mode'];
        else problems.push(`${at} must be one of ${MODES.join(', ')}`);
        break;
      case 'latencyMs':
        if (v === null || (Number.isInteger(v) && (v as number) >= 0)) out.latencyMs = v as number;
        else problems.push(`${at} must be an integer >= 0 or null`);
        break;
      case 'errorRate':
      case 'dropWebhooks':
        if (typeof v === 'number' && v >= 0 && v <= 1) out[field] = v;
        else problems.push(`${at} must be a number between 0 and 1`);
        break;
      case 'duplicatePages':
      case 'outOfOrder':
        if (typeof v === 'boolean') out[field] = v;
        else problems.push(`${at} must be a boolean`);
        break;
      case 'limits':
        out.limits = parseLimits(at, v, limiters, problems);
        break;
      default:
        problems.push(`${at} is not a fault setting`);
    }
  }
  return out;
}

function parseLimits(
  at: string,
  value: unknown,
  limiters: string[],
  problems: string[],
): Record<string, LimitSpec | null> {
  const out: Record<string, LimitSpec | null> = {};
  if (!isRecord(value)) {
    problems.push(`${at} must be an object of limiter -> spec`);
    return out;
  }
  for (const [name, spec] of Object.entries(value)) {
    if (!limiters.includes(name)) {
      problems.push(`${at}.${name} is not a limiter of this channel (${limiters.join(', ')})`);
    } else if (spec === null || isLimitSpec(spec)) {
      out[name] = spec;
    } else {
      problems.push(
        `${at}.${name} must be null, { kind: 'bucket', capacity, ratePerSecond } or { kind: 'window', quota, windowMs }`,
      );
    }
  }
  return out;
}

function isLimitSpec(v: unknown): v is LimitSpec {
  if (!isRecord(v)) return false;
  const positive = (n: unknown) => typeof n === 'number' && n > 0 && Number.isFinite(n);
  if (v.kind === 'bucket') return positive(v.capacity) && positive(v.ratePerSecond);
  if (v.kind === 'window') return positive(v.quota) && positive(v.windowMs);
  return false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
