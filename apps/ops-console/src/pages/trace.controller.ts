import { Controller, Get, Query } from '@nestjs/common';
import { ConsoleApi } from '../api/console-api';
import { Page } from '../auth/operator';
import type { PageContext } from '../views/layout';
import { renderTrace, TraceEntry } from './trace.view';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Everything the services recorded for one correlation id, in time order: the orders it
 * created with every timeline step (ERP calls included), its returns and their steps, and the
 * dead letters it caused. Each service is asked through its public API.
 */
@Controller('trace')
export class TraceController {
  constructor(private readonly api: ConsoleApi) {}

  @Get()
  async trace(@Page() ctx: PageContext, @Query('correlationId') given?: string) {
    const correlationId = given?.trim();
    if (!correlationId) return renderTrace(ctx, undefined, []);
    if (!VALID.test(correlationId))
      return renderTrace({ ...ctx, error: 'Not a correlation id.' }, correlationId, []);
    const [orders, returns, dlq] = await Promise.all([
      this.api.orders({ correlationId, limit: 50 }),
      this.api.returns({ correlationId, limit: 50 }),
      this.api.deadLetters({ correlationId, limit: 100 }),
    ]);
    const entries: TraceEntry[] = [];
    for (const summary of orders.items) {
      const o = await this.api.order(summary.orderId);
      for (const t of o.timeline)
        entries.push({
          at: t.at,
          service: 'order-ingestion',
          what: `order ${o.channel} ${o.channelOrderId}: ${t.step}`,
          status: t.status,
          detail: [t.reason, t.transformations.length ? JSON.stringify(t.transformations) : '']
            .filter(Boolean)
            .join(' '),
          link: `/orders/${encodeURIComponent(o.orderId)}`,
        });
    }
    for (const summary of returns.items) {
      const r = await this.api.returnDetail(summary.returnId);
      for (const t of r.timeline)
        entries.push({
          at: t.at,
          service: 'returns',
          what: `return ${r.returnId}: ${t.event}`,
          status: t.status,
          detail: t.detail === undefined ? '' : JSON.stringify(t.detail),
          link: `/returns/${encodeURIComponent(r.returnId)}`,
        });
    }
    for (const d of dlq.body)
      entries.push({
        at: d.failedAt,
        service: d.consumer,
        what: `dead letter ${d.id} on ${d.subject}`,
        status: d.replayed ? 'replayed' : 'dead-lettered',
        detail: d.reason,
        link: `/dead-letters/${d.id}`,
      });
    entries.sort((a, b) => a.at.localeCompare(b.at));
    return renderTrace(ctx, correlationId, entries);
  }
}
