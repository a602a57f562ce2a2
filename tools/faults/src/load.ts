import type { Ctx } from './context';
import { http, HttpAnswer, json } from './http';
import { sleep } from './infra/processes';
import { ADMIN_KEY, CHANNEL_KEYS, SHOPIFY_SECRET } from './infra/stack';
import { canonicalOrder, drawLines, shopifyHmac, shopifyOrder } from './payloads';
import type { Rng } from './prng';

/** One order the generator means to place, identified by its channel order key. */
export interface PlannedOrder {
  key: string;
  channel: string;
  channelOrderId: string;
  send: () => Promise<HttpAnswer>;
}

const CANONICAL_CHANNELS = ['shopify', 'amazon', 'pos', 'bigcommerce'] as const;
let shopifyCounter = 0;

/** Draws the next order: a canonical order from one of several channels, or a Shopify webhook. */
export function planOrder(ctx: Ctx, rng: Rng, phase: string, n: number): PlannedOrder {
  const lines = drawLines(rng, ctx.catalog.skus);
  const url = ctx.stack.url('order-ingestion');
  if (rng.chance(0.3)) {
    const id = shopifyBase(ctx) + ++shopifyCounter;
    const raw = json(shopifyOrder(id, lines));
    const headers = shopifyHeaders(raw, `wh-${id}`);
    return {
      key: `shopify:${id}`,
      channel: 'shopify',
      channelOrderId: String(id),
      send: () => post(`${url}/v1/channels/shopify/orders`, raw, headers),
    };
  }
  const channel = rng.pick(CANONICAL_CHANNELS);
  const channelOrderId = `${ctx.catalog.tag}-${phase}-${n}`;
  const raw = json(canonicalOrder(channel, channelOrderId, lines));
  const headers = { 'x-api-key': CHANNEL_KEYS[channel], 'idempotency-key': `ik-${channelOrderId}` };
  return {
    key: `${channel}:${channelOrderId}`,
    channel,
    channelOrderId,
    send: () => post(`${url}/v1/orders`, raw, headers),
  };
}

/** Shopify order ids are numbers: derive a per-run range from the seed so runs never collide. */
export function shopifyBase(ctx: Pick<Ctx, 'rng'>): number {
  return 7_000_000_000 + (ctx.rng.seed % 100_000) * 10_000;
}

export function shopifyHeaders(raw: string, webhookId: string, secret = SHOPIFY_SECRET) {
  return {
    'x-shopify-hmac-sha256': shopifyHmac(secret, raw),
    'x-shopify-webhook-id': webhookId,
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': 'faults.myshopify.com',
  };
}

export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs = 10_000,
) {
  return http({
    method: 'POST',
    url,
    body,
    timeoutMs,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const adminHeaders = { 'x-api-key': ADMIN_KEY };

/**
 * Sends one order like a channel does: retries indeterminate answers (timeouts, resets, 5xx,
 * 409, 429) with back-off, the same body every time, and stops at the first definite answer.
 * Every attempt goes into the history.
 */
export async function placeOrder(ctx: Ctx, phase: string, order: PlannedOrder): Promise<void> {
  for (let attempt = 1; attempt <= ctx.profile.maxAttempts; attempt++) {
    const invokedAt = Date.now();
    const answer = await order.send();
    const entry = ctx.history.record(
      phase,
      'order',
      order.key,
      invokedAt,
      answer,
      answer.json?.orderId,
    );
    if (entry.type !== 'info') return;
    await sleep(Math.min(300 * 2 ** (attempt - 1), 4000));
  }
}

/** `count` orders with `concurrency` senders; resolves when every order has its last answer. */
export async function orderLoad(ctx: Ctx, phase: string, count: number): Promise<void> {
  const rng = ctx.rng.fork(`orders:${phase}`);
  const planned = Array.from({ length: count }, (_, n) => planOrder(ctx, rng, phase, n));
  const started = Date.now();
  const gap = ctx.profile.phaseSpanMs / Math.max(1, count);
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const n = next++;
      // Paced: order n leaves at n * gap, so the load overlaps the whole fault window.
      await sleep(Math.max(0, started + n * gap - Date.now()));
      await placeOrder(ctx, phase, planned[n]);
    }
  };
  await Promise.all(Array.from({ length: ctx.profile.concurrency }, worker));
}
