import { TIMESTAMP_PATTERN } from '@retail/contracts';
import { FieldError, ProblemException } from '@retail/platform-http';
import { isISO8601 } from 'class-validator';
import type { ChannelName, HoldReason, HoldReasonCode } from './channel-types';
import {
  formatMinor,
  MoneyFormatError,
  normalizeCurrency,
  toMinorUnits,
  toMinorUnitsRoundedUp,
} from './money';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an array ([] when absent or not an array: channels omit empty collections). */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Objects of an array, skipping anything else. */
export function objectsOf(value: unknown): Json[] {
  return listOf(value).filter(isObject);
}

// A JSON string (skipped whole, so digits inside it stay put) or an integer literal of 16+ digits
// that is not part of a decimal or an exponent.
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/**
 * Parses JSON keeping integers beyond 2^53 exact: they become strings ('820982911946154508'),
 * where `JSON.parse` would round them (Shopify ids can be that large). Everything else is parsed
 * as `JSON.parse` does. For ids only: amounts never arrive as such integers.
 */
export function parseLossless(text: string): unknown {
  return JSON.parse(
    text.replace(STRING_OR_LONG_INTEGER, (token) =>
      token.startsWith('"') || Number.isSafeInteger(Number(token)) ? token : `"${token}"`,
    ),
  );
}

/** True when `value` is a JSON number that lost digits (an integer beyond 2^53). */
export function isUnsafeInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
}

/** Trimmed non-empty text (numbers as their text), cut to `max` characters; else undefined. */
export function textOf(value: unknown, max = 500): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text ? text.slice(0, max) : undefined;
}

/** First value of a header, looked up case-insensitively. */
export function headerOf(headers: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() ? first.trim() : undefined;
}

// Magento answers "2026-11-20 13:03:11" in UTC, without zone designator.
const UTC_WITHOUT_ZONE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(\.\d+)?)$/;
const QUANTITY_TEXT = /^\d+(\.0+)?$/;

interface MoneyOptions {
  /** Absent/null is 0 instead of an error. */
  optional?: boolean;
  /** Channels report discounts as negative numbers: take the magnitude. */
  magnitude?: boolean;
  /** Sub-minor-unit digits round up instead of failing (derived prices only). */
  roundUp?: boolean;
}

/**
 * Collects every problem of one payload (so a 422 lists them all at once) and the notes of what
 * was transformed. Readers record an error and return a neutral value, so mapping runs to the end.
 */
export class MappingContext {
  readonly errors: FieldError[] = [];
  readonly notes: string[] = [];
  readonly holds: HoldReason[] = [];
  currency = 'XXX';

  constructor(readonly channel: ChannelName) {}

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  note(message: string): void {
    this.notes.push(message);
  }

  /** Accepts the order but holds it: what cannot be completed yet is never a 422. */
  hold(reason: HoldReasonCode, detail: string): void {
    this.holds.push({ reason, detail });
    this.note(`held (${reason}): ${detail}`);
  }

  object(value: unknown, field: string): Json {
    if (isObject(value)) return value;
    this.fail(field, value === undefined || value === null ? 'is required' : 'must be an object');
    return {};
  }

  nonEmptyList(value: unknown, field: string): Json[] {
    const items = objectsOf(value);
    if (items.length === 0) this.fail(field, 'must be a non-empty array of objects');
    return items;
  }

  /** An identifier: non-empty string or integer (channels send numeric ids), as a string. */
  id(value: unknown, field: string): string {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    const text = typeof value === 'string' ? value.trim() : '';
    if (text && text.length <= 128) return text;
    this.fail(field, value === undefined || value === null ? 'is required' : 'must be an id');
    return '';
  }

  /** A positive whole quantity; integral decimal strings ('2', '2.0000') are accepted. */
  quantity(value: unknown, field: string): number {
    const n = typeof value === 'string' && QUANTITY_TEXT.test(value.trim()) ? Number(value) : value;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 1) return n;
    this.fail(field, `must be a positive whole quantity, got ${JSON.stringify(value)}`);
    return 1;
  }

  currencyOf(value: unknown, field: string): string {
    try {
      this.currency = normalizeCurrency(value);
    } catch (error) {
      this.fail(field, error instanceof Error ? error.message : String(error));
    }
    return this.currency;
  }

  /** An amount in minor units of the order currency (see {@link toMinorUnits}). */
  money(value: unknown, field: string, options: MoneyOptions = {}): number {
    if ((value === undefined || value === null || value === '') && options.optional) return 0;
    try {
      const amount = options.roundUp
        ? toMinorUnitsRoundedUp(value, this.currency)
        : toMinorUnits(value, this.currency);
      if (amount < 0 && !options.magnitude) {
        this.fail(field, `must not be negative, got ${JSON.stringify(value)}`);
        return 0;
      }
      return Math.abs(amount);
    } catch (error) {
      if (!(error instanceof MoneyFormatError)) throw error;
      this.fail(field, error.message);
      return 0;
    }
  }

  /** Sum of one money field over a list of objects, exact. */
  sum(items: Json[], key: string, path: string, options: MoneyOptions = {}): number {
    return items.reduce(
      (acc, item, i) => acc + this.money(item[key], `${path}.${i}.${key}`, options),
      0,
    );
  }

  /** Money note for the timeline: `'19.99' -> 1999 EUR`. */
  describe(raw: unknown, minor: number): string {
    return `${JSON.stringify(raw)} -> ${minor} ${this.currency} (${formatMinor(minor, this.currency)})`;
  }

  /** ISO 8601 with offset; Magento's zone-less UTC and RFC 2822 dates are converted (noted). */
  timestamp(value: unknown, field: string): string {
    const text = typeof value === 'string' ? value.trim() : '';
    if (isTimestamp(text)) return text;
    const utc = UTC_WITHOUT_ZONE.exec(text);
    const converted = utc ? `${utc[1]}T${utc[2]}Z` : toIsoOrUndefined(text);
    if (converted && isTimestamp(converted)) {
      this.note(`timestamp ${JSON.stringify(text)} -> ${converted}`);
      return converted;
    }
    this.fail(field, text ? `'${text}' is not a date-time` : 'is required');
    return '';
  }

  /** Throws the 422 problem when any reader recorded an error. */
  assertValid(): void {
    if (this.errors.length > 0) throw this.problem();
  }

  /** Records a fatal error and throws the 422 problem with everything collected so far. */
  reject(field: string, message: string): never {
    this.fail(field, message);
    throw this.problem();
  }

  private problem(): ProblemException {
    const detail = `The ${this.channel} order cannot be mapped to a canonical order (${this.errors.length} problem(s)).`;
    return new ProblemException(422, 'invalid-channel-payload', detail, this.errors);
  }
}

/** What the canonical contract accepts: strict ISO 8601 (real calendar dates) with an offset. */
function isTimestamp(text: string): boolean {
  return TIMESTAMP_PATTERN.test(text) && isISO8601(text, { strict: true });
}

function toIsoOrUndefined(text: string): string | undefined {
  // RFC 2822 (BigCommerce "Tue, 20 Nov 2012 00:00:00 +0000"): Date parses it exactly to the second.
  if (!/^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/.test(text)) {
    return undefined;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
