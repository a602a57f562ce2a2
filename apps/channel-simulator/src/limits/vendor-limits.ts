import { ChannelName } from '../channels/channel';
import { LimitSpec } from './limit-spec';

/**
 * Each vendor's documented limits, the defaults of the simulator (per channel: limiter name ->
 * spec; null = the vendor publishes no limit, none enforced unless /admin/faults sets one).
 * Sources are listed per channel in the app README.
 */
export const DEFAULT_LIMITS: Record<ChannelName, Record<string, LimitSpec | null>> = {
  // REST Admin API, standard plan: bucket of 40 requests per app and store, leaks 2/s.
  // GraphQL Admin API: calculated query cost, a bucket of 1000 points restoring 50 points/s
  // (places are points: a query needs room for its requested cost).
  shopify: {
    'rest-admin': { kind: 'bucket', capacity: 40, ratePerSecond: 2 },
    'graphql-admin': { kind: 'bucket', capacity: 1000, ratePerSecond: 50 },
  },
  // SP-API usage plans, one token bucket per operation (rate/s, burst).
  amazon: {
    getOrders: { kind: 'bucket', capacity: 20, ratePerSecond: 0.0167 },
    getOrder: { kind: 'bucket', capacity: 30, ratePerSecond: 0.5 },
    getOrderItems: { kind: 'bucket', capacity: 30, ratePerSecond: 0.5 },
    confirmShipment: { kind: 'bucket', capacity: 10, ratePerSecond: 2 },
    patchListingsItem: { kind: 'bucket', capacity: 10, ratePerSecond: 5 },
    getListingsItem: { kind: 'bucket', capacity: 10, ratePerSecond: 5 },
    createRestrictedDataToken: { kind: 'bucket', capacity: 10, ratePerSecond: 1 },
  },
  // Standard plan: 150 requests per 30-second window per store, every REST endpoint.
  bigcommerce: { store: { kind: 'window', quota: 150, windowMs: 30_000 } },
  // No fixed REST limit is published (Cloud rate limiting is merchant-configured at Fastly).
  'adobe-commerce': { rest: null },
  // OCAPI publishes no request-rate figure; quotas concern document and request sizes.
  'salesforce-commerce': { ocapi: null },
  // Square enforces limits but does not publish them.
  square: { api: null },
};

/**
 * Channels whose limiters are not one per operation: the limiter of the listed operations, and
 * the one every other operation draws from (Shopify: GraphQL has its own cost limit, every REST
 * route shares the REST bucket).
 */
const GROUPED: Partial<Record<ChannelName, { byOperation: Record<string, string>; rest: string }>> =
  { shopify: { byOperation: { graphql: 'graphql-admin' }, rest: 'rest-admin' } };

/** Which limiter an operation draws from (the channel's single one unless listed). */
export function limiterFor(channel: ChannelName, operation: string): string | undefined {
  const grouped = GROUPED[channel];
  if (grouped) return grouped.byOperation[operation] ?? grouped.rest;
  const names = Object.keys(DEFAULT_LIMITS[channel]);
  if (names.length === 1) return names[0];
  return names.includes(operation) ? operation : undefined;
}
