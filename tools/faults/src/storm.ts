import { Ctx, isRouteMissing } from './context';
import { json } from './http';
import { post, shopifyBase, shopifyHeaders } from './load';
import { drawLines, shopifyOrder } from './payloads';

export interface StormReport {
  requests: number;
  key: string;
  answers: Record<string, number>;
  fiveXx: number;
  /** Distinct orderIds handed out in the 2xx answers (must be 1). */
  distinctOrderIds: number;
  ms: number;
  notRun?: string;
}

/**
 * F13/F14: a marketplace retry storm. One Shopify `orders/create` webhook, signed once,
 * delivered `stormSize` times at the same instant (same body, same webhook id), as Shopify's
 * retries do when our answers are slow. Orders and ERP sales orders for it are counted after
 * drain: exactly 1 each.
 */
export async function retryStorm(ctx: Ctx): Promise<StormReport> {
  const rng = ctx.rng.fork('storm');
  const id = shopifyBase(ctx) + 9_999;
  const raw = json(shopifyOrder(id, drawLines(rng, ctx.catalog.skus)));
  const headers = shopifyHeaders(raw, `storm-${id}`);
  const url = `${ctx.stack.url('order-ingestion')}/v1/channels/shopify/orders`;
  const key = `shopify:${id}`;
  const started = Date.now();
  const answers = await Promise.all(
    Array.from({ length: ctx.profile.stormSize }, async () => {
      const invokedAt = Date.now();
      const res = await post(url, raw, headers, 60_000);
      ctx.history.record('retry-storm', 'storm', key, invokedAt, res, res.json?.orderId);
      return res;
    }),
  );
  const counts: Record<string, number> = {};
  for (const a of answers)
    counts[String(a.status ?? a.error)] = (counts[String(a.status ?? a.error)] ?? 0) + 1;
  const ids = new Set(
    answers.filter((a) => a.status && a.status < 300).map((a) => a.json?.orderId),
  );
  const report = {
    requests: answers.length,
    key,
    answers: counts,
    fiveXx: answers.filter((a) => (a.status ?? 0) >= 500).length,
    distinctOrderIds: ids.size,
    ms: Date.now() - started,
  };
  if (answers.every((a) => isRouteMissing(a.status, a.text)))
    return { ...report, notRun: 'route missing: POST /v1/channels/shopify/orders' };
  return report;
}
