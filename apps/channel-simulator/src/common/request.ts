import { parseTime } from './dates';

import { FastifyRequest } from 'fastify';

/** `http://host:port` as the caller addressed us (Shopify's Link header carries full URLs). */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

/** A query parameter as one string (the last one when repeated). */
export function queryText(query: unknown, name: string): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  const one = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof one === 'string' ? one : undefined;
}

/** A positive integer query parameter, clamped to max; fallback when absent or invalid. */
export function queryInt(query: unknown, name: string, fallback: number, max: number): number {
  const value = Number(queryText(query, name));
  return Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A timestamp query parameter in ms; `invalid(name)` builds the vendor's 400 when unparsable. */
export function queryTime(
  query: unknown,
  name: string,
  invalid: (name: string) => Error,
): number | undefined {
  const text = queryText(query, name);
  const ms = parseTime(text);
  if (text !== undefined && ms === undefined) throw invalid(name);
  return ms;
}
