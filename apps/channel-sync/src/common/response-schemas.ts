import { OpenApi } from '@retail/platform-http';
import type { InboundMode } from '../config/channel-catalogue';
import type { ForwardOutcome } from '../inbound/forward/order-forwarder';
import { OUTBOUND_KINDS } from '../outbound/domain/outbound-kinds';

// Response schemas of channel-sync's routes (what the handlers answer), for their documentation.
const { anyValue, array, boolean, dateTime, integer, nullable, number, object, oneOf, string } =
  OpenApi;

const FORWARD_OUTCOMES: ForwardOutcome[] = ['skipped', 'created', 'known', 'rejected'];
const INBOUND_MODES: InboundMode[] = ['pull', 'webhook+pull', 'notify+pull'];

const queueState = object({
  depth: integer({ minimum: 0, description: 'Pushes waiting' }),
  oldestPendingAt: nullable(dateTime()),
  deadLettered: integer({ minimum: 0, description: 'Pushes the channel refused' }),
});

/** `GET /v1/channels`: one entry per configured channel account. */
export const ACCOUNTS_SCHEMA = object({
  items: array(
    object({
      channel: string(),
      account: string(),
      inboundMode: oneOf(INBOUND_MODES),
      baseUrl: string(),
      pullIntervalSeconds: number({ minimum: 0 }),
      cursor: nullable(dateTime({ description: 'Orders updated before it are all pulled' })),
      pullLagSeconds: nullable(number({ minimum: 0 })),
      windowInProgress: nullable(
        object({
          since: nullable(dateTime()),
          until: nullable(dateTime()),
          pageToken: nullable(string()),
        }),
      ),
      lastPullStartedAt: nullable(dateTime()),
      lastPullSucceededAt: nullable(dateTime()),
      lastError: nullable(object({ message: string(), at: nullable(dateTime()) })),
      lastReconcile: anyValue('Summary of the last reconciliation (null: none yet)'),
      outbound: object(Object.fromEntries(OUTBOUND_KINDS.map((kind) => [kind, queueState]))),
      rateLimits: array(
        object({
          bucket: string(),
          ratePerSecond: number(),
          burst: number(),
          tokens: number(),
          blockedUntil: nullable(dateTime()),
          throttled: integer({ minimum: 0 }),
        }),
      ),
    }),
  ),
});

/** `GET /v1/channels/{channel}/outbound/dead-letters`. */
export const DEAD_LETTERS_SCHEMA = object({
  channel: string(),
  pushes: array(
    object(
      {
        key: string({ description: 'Job key, e.g. `shipment:<id>`' }),
        payload: anyValue('What was to be pushed'),
        error: nullable(string({ description: "The channel's answer" })),
        attempts: integer({ minimum: 0 }),
        createdAt: dateTime(),
      },
      { kind: oneOf(OUTBOUND_KINDS) },
    ),
  ),
  availability: array(
    object({
      channelSku: string(),
      location: string(),
      sku: string(),
      quantity: integer(),
      answer: string({ description: "The channel's refusal" }),
      refusedAt: dateTime(),
    }),
  ),
});

/** `POST /v1/channels/{channel}/outbound/dead-letters/replay`: how many were queued again. */
export const REPLAY_SCHEMA = object({
  channel: string(),
  pushes: integer({ minimum: 0 }),
  availability: integer({ minimum: 0 }),
});

/** A webhook's answer: the order fetched and forwarded, or an event of another kind ignored. */
export const WEBHOOK_SCHEMA = {
  oneOf: [
    object({ channel: string(), channelOrderId: string(), outcome: oneOf(FORWARD_OUTCOMES) }),
    object({ ignored: nullable(string({ description: 'The event type, acknowledged' })) }),
  ],
};

/** `POST /v1/channels/{channel}/pull`. */
export const PULL_SCHEMA = object({
  channel: string(),
  status: oneOf(['completed']),
  pages: integer({ minimum: 0 }),
  listed: integer({ minimum: 0 }),
  window: object({ since: dateTime(), until: dateTime(), resumed: boolean() }),
  forwarded: object(Object.fromEntries(FORWARD_OUTCOMES.map((o) => [o, integer()]))),
});

/** `POST /v1/channels/{channel}/reconcile`. */
export const RECONCILE_SCHEMA = object(
  {
    channel: string(),
    from: dateTime(),
    to: dateTime(),
    dryRun: boolean(),
    listed: integer({ minimum: 0 }),
    missing: array(string(), { description: 'Channel order ids we did not have' }),
    imported: integer({ minimum: 0 }),
    mismatches: array(
      object({
        channelOrderId: string(),
        orderId: string(),
        channelStatus: string(),
        status: string(),
        corrected: boolean(),
      }),
    ),
  },
  {
    availability: object({
      checked: integer({ minimum: 0 }),
      drift: array(
        object({
          channelSku: string(),
          location: string(),
          ours: integer(),
          channel: nullable(integer()),
        }),
      ),
      repushed: integer({ minimum: 0 }),
    }),
  },
);
