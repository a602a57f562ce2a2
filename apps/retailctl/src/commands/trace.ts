import type { Command } from 'commander';
import type { Context } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { table } from '../output';

interface Step {
  at: string;
  service: string;
  what: string;
  status: string;
  detail: string;
}

interface OrderDetail {
  orderId: string;
  channel: string;
  channelOrderId: string;
  erp: { salesOrderId?: string; state: string };
  timeline: Array<{
    at: string;
    step: string;
    status: string;
    reason?: string;
    transformations: unknown[];
  }>;
}

interface ReturnDetail {
  returnId: string;
  timeline: Array<{ at: string; status: string; event: string; detail?: unknown }>;
}

/** Everything the services recorded for one correlation id, in time order. */
async function trace(ctx: Context, correlationId: string): Promise<number> {
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(correlationId)) throw new UsageError('not a correlation id');
  const steps: Step[] = [];
  const orders = await ctx.api.get<{ items: Array<{ orderId: string }> }>(
    'order-ingestion',
    '/v1/orders',
    {
      correlationId,
      limit: 200,
    },
  );
  for (const [i, summary] of orders.items.entries()) {
    ctx.out.progress(`reading orders: ${i + 1}/${orders.items.length}`);
    const o = await ctx.api.get<OrderDetail>('order-ingestion', `/v1/orders/${summary.orderId}`);
    for (const t of o.timeline)
      steps.push({
        at: t.at,
        service: 'order-ingestion',
        what: `order ${o.orderId} (${o.channel} ${o.channelOrderId}): ${t.step}`,
        status: t.status,
        detail: [t.reason, t.transformations.length ? JSON.stringify(t.transformations) : '']
          .filter(Boolean)
          .join(' '),
      });
  }
  const returns = await ctx.api.get<{ items: Array<{ returnId: string }> }>(
    'returns',
    '/v1/returns',
    {
      correlationId,
      limit: 200,
    },
  );
  for (const [i, summary] of returns.items.entries()) {
    ctx.out.progress(`reading returns: ${i + 1}/${returns.items.length}`);
    const r = await ctx.api.get<ReturnDetail>('returns', `/v1/returns/${summary.returnId}`);
    for (const t of r.timeline)
      steps.push({
        at: t.at,
        service: 'returns',
        what: `return ${r.returnId}: ${t.event}`,
        status: t.status,
        detail: t.detail === undefined ? '' : JSON.stringify(t.detail),
      });
  }
  const dead = await ctx.api.get<
    Array<{
      id: number;
      failedAt: string;
      consumer: string;
      subject: string;
      reason: string;
      replayed: unknown;
    }>
  >('order-ingestion', '/v1/ops/dlq', { correlationId, limit: 500 });
  for (const d of dead)
    steps.push({
      at: d.failedAt,
      service: d.consumer,
      what: `dead letter ${d.id} on ${d.subject}`,
      status: d.replayed ? 'replayed' : 'dead-lettered',
      detail: d.reason,
    });
  ctx.out.progressDone();
  steps.sort((a, b) => a.at.localeCompare(b.at));
  ctx.out.result({ correlationId, steps }, () =>
    steps.length === 0
      ? `Nothing recorded for ${correlationId}.`
      : table(
          ['TIME', 'SERVICE', 'WHAT', 'STATUS', 'DETAIL'],
          steps.map((s) => [s.at, s.service, s.what, s.status, s.detail.slice(0, 120)]),
        ),
  );
  return steps.length === 0 ? EXIT.refused : EXIT.ok;
}

export function traceCommand(
  program: Command,
  run: (fn: (ctx: Context) => Promise<number>) => Promise<void>,
) {
  program
    .command('trace')
    .description(
      'everything that happened for one correlation id, across the services, in time order',
    )
    .argument('<correlationId>')
    .action((id) => run((ctx) => trace(ctx, id)));
}
