import { Ctx, isRouteMissing } from './context';
import { HttpAnswer, json } from './http';
import { sleep } from './infra/processes';
import { post, shopifyBase, shopifyHeaders } from './load';
import { drawLines, shopifyOrder } from './payloads';

export interface StormReport {
  /** Deliveries: identical webhooks sent at the same instant. */
  requests: number;
  key: string;
  /** Every attempt's answer (status, or the network error), all deliveries together. */
  answers: Record<string, number>;
  /** HTTP attempts in all (deliveries + the sender's retries). */
  attempts: number;
  /** 503 or 429 with `Retry-After`: load shed, retried by the sender after the time it names. */
  shed: number;
  /** 5xx answers other than 503 with `Retry-After` (must be 0). */
  fiveXx: number;
  /** Deliveries that never got a 2xx within the sender's attempts (must be 0). */
  unacknowledged: number;
  /** Distinct orderIds handed out in the 2xx answers (must be 1). */
  distinctOrderIds: number;
  ms: number;
  notRun?: string;
}

/** The longest `Retry-After` the sender honours as given (a longer one is capped). */
const MAX_RETRY_AFTER_MS = 10_000;

/** Load shed as the contract allows it: 503 or 429 naming when to come back. */
export function isShed(a: Pick<HttpAnswer, 'status' | 'headers'>): boolean {
  return (a.status === 503 || a.status === 429) && !!a.headers?.get('retry-after');
}

/**
 * When the sender tries a delivery again, or undefined when the answer is final: a 2xx, or
 * a definite refusal. Load shed waits the `Retry-After` it names; no answer (connect timeout,
 * reset) or a 5xx without `Retry-After` waits a doubling back-off, as for the phases' orders.
 */
export function retryDelayMs(a: HttpAnswer, attempt: number): number | undefined {
  if (a.status !== undefined && a.status < 500 && a.status !== 429 && a.status !== 409)
    return undefined;
  if (isShed(a)) {
    const seconds = Number(a.headers!.get('retry-after'));
    if (Number.isFinite(seconds) && seconds >= 0)
      return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  }
  return Math.min(300 * 2 ** (attempt - 1), 4000);
}

/**
 * F13/F14: a marketplace retry storm. One Shopify `orders/create` webhook, signed once,
 * delivered `stormSize` times at the same instant (same body, same webhook id), as Shopify's
 * retries do when our answers are slow. Each delivery is sent like Shopify sends it: until a
 * 2xx, at most `maxAttempts` times, after the `Retry-After` a shed answer names (ADR 0039).
 * Orders and ERP sales orders for it are counted after drain: exactly 1 each.
 */
export async function retryStorm(ctx: Ctx): Promise<StormReport> {
  const rng = ctx.rng.fork('storm');
  const id = shopifyBase(ctx) + 9_999;
  const raw = json(shopifyOrder(id, drawLines(rng, ctx.catalog.skus)));
  const headers = shopifyHeaders(raw, `storm-${id}`);
  const url = `${ctx.stack.url('order-ingestion')}/v1/channels/shopify/orders`;
  const key = `shopify:${id}`;
  const started = Date.now();
  const deliver = async (): Promise<HttpAnswer[]> => {
    const tried: HttpAnswer[] = [];
    for (let attempt = 1; attempt <= ctx.profile.maxAttempts; attempt++) {
      const invokedAt = Date.now();
      const res = await post(url, raw, headers, 60_000);
      ctx.history.record('retry-storm', 'storm', key, invokedAt, res, res.json?.orderId);
      tried.push(res);
      const wait = retryDelayMs(res, attempt);
      if (wait === undefined || isRouteMissing(res.status, res.text)) break;
      await sleep(wait);
    }
    return tried;
  };
  const deliveries = await Promise.all(Array.from({ length: ctx.profile.stormSize }, deliver));
  const all = deliveries.flat();
  const counts: Record<string, number> = {};
  for (const a of all)
    counts[String(a.status ?? a.error)] = (counts[String(a.status ?? a.error)] ?? 0) + 1;
  const acked = all.filter((a) => a.status && a.status < 300);
  const report = {
    requests: deliveries.length,
    key,
    answers: counts,
    attempts: all.length,
    shed: all.filter(isShed).length,
    fiveXx: all.filter((a) => (a.status ?? 0) >= 500 && !isShed(a)).length,
    unacknowledged: deliveries.filter((d) => !d.some((a) => a.status && a.status < 300)).length,
    distinctOrderIds: new Set(acked.map((a) => a.json?.orderId)).size,
    ms: Date.now() - started,
  };
  if (all.every((a) => isRouteMissing(a.status, a.text)))
    return { ...report, notRun: 'route missing: POST /v1/channels/shopify/orders' };
  return report;
}
