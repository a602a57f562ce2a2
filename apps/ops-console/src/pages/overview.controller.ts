import { Controller, Get } from '@nestjs/common';
import { ConsoleApi } from '../api/console-api';
import { parseMetrics, Sample, sumBy, total } from '../api/prometheus';
import { Page } from '../auth/operator';
import type { PageContext } from '../views/layout';
import { renderOverview } from './overview.view';

/** A figure or why it is missing (a service down must not blank the whole page). */
export type Maybe<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(load: () => Promise<T>): Promise<Maybe<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export interface OverviewData {
  orders: Maybe<{ awaitingErp?: number; inException?: number; erpQueue?: number; onHold: number }>;
  exceptionReasons: Maybe<Map<string, number>>;
  governor: Maybe<{ limit?: number; ceiling?: number; inFlight?: number; throttled?: number }>;
  dlq: Maybe<Map<string, number>>;
  returns: Maybe<{
    pendingDisposition?: number;
    inException: number;
    refundExceptions: Map<string, number>;
  }>;
  inventoryLag: Maybe<Map<string, number>>;
  channels: Maybe<Array<{ channel: string; pullLagSeconds: number | null; lastError?: string }>>;
}

/** "ERP rejected create: ..." -> "ERP rejected create": the reason without its particulars. */
export const reasonKey = (reason?: string) => (reason ?? 'no reason given').split(':')[0].trim();

@Controller()
export class OverviewController {
  constructor(private readonly api: ConsoleApi) {}

  @Get()
  async overview(@Page() ctx: PageContext) {
    const [orderMetrics, returnMetrics, inventoryMetrics] = await Promise.all(
      (['order-ingestion', 'returns', 'inventory'] as const).map((s) =>
        attempt(async () => parseMetrics(await this.api.metrics(s))),
      ),
    );
    const data: OverviewData = {
      orders: await this.orders(orderMetrics),
      exceptionReasons: await attempt(() => this.exceptionReasons()),
      governor: derive(orderMetrics, (m) => ({
        limit: total(m, 'retail_erp_governor_limit'),
        ceiling: total(m, 'retail_erp_governor_ceiling'),
        inFlight: total(m, 'retail_erp_governor_in_flight'),
        throttled: total(m, 'retail_erp_governor_throttled_total'),
      })),
      dlq: derive(orderMetrics, (m) => sumBy(m, 'retail_dlq_messages', 'stream')),
      returns: await this.returns(returnMetrics),
      inventoryLag: derive(inventoryMetrics, (m) => averageLag(m)),
      channels: await attempt(() => this.channels()),
    };
    return renderOverview(ctx, data);
  }

  private async orders(metrics: Maybe<Sample[]>): Promise<OverviewData['orders']> {
    return attempt(async () => {
      const m = metrics.ok ? metrics.value : [];
      const held = await this.api.orders({ status: 'on_hold', limit: 200 });
      return {
        awaitingErp: total(m, 'retail_orders_awaiting_erp'),
        inException: total(m, 'retail_orders_in_exception'),
        erpQueue: total(m, 'retail_erp_queue_depth'),
        onHold: held.items.length,
      };
    });
  }

  /** Reasons of the newest 50 orders in exception (the list links to all of them). */
  private async exceptionReasons(): Promise<Map<string, number>> {
    const page = await this.api.orders({ status: 'exception', limit: 50 });
    const details = await Promise.all(page.items.map((o) => this.api.order(o.orderId)));
    const counts = new Map<string, number>();
    for (const d of details)
      counts.set(reasonKey(d.statusReason), (counts.get(reasonKey(d.statusReason)) ?? 0) + 1);
    return counts;
  }

  private async returns(metrics: Maybe<Sample[]>): Promise<OverviewData['returns']> {
    return attempt(async () => {
      const m = metrics.ok ? metrics.value : [];
      const exceptions = await this.api.returns({ status: 'exception', limit: 200 });
      return {
        pendingDisposition: total(m, 'retail_returns_pending_disposition'),
        inException: exceptions.items.length,
        refundExceptions: sumBy(m, 'retail_refund_exceptions_total', 'channel'),
      };
    });
  }

  private async channels() {
    const answer = await this.api.channels();
    const items = Array.isArray(answer) ? answer : answer.items;
    return items.map((c) => ({
      channel: c.channel,
      pullLagSeconds: c.pullLagSeconds,
      lastError: c.lastError?.message,
    }));
  }
}

function derive<T>(metrics: Maybe<Sample[]>, pick: (m: Sample[]) => T): Maybe<T> {
  return metrics.ok ? { ok: true, value: pick(metrics.value) } : metrics;
}

/** Mean lag per location from the histogram's _sum and _count. */
function averageLag(m: Sample[]): Map<string, number> {
  const sums = sumBy(m, 'retail_inventory_update_lag_seconds_sum', 'location');
  const counts = sumBy(m, 'retail_inventory_update_lag_seconds_count', 'location');
  const out = new Map<string, number>();
  for (const [location, count] of counts)
    if (count > 0) out.set(location, (sums.get(location) ?? 0) / count);
  return out;
}
