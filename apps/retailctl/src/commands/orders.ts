import type { Command } from 'commander';
import type { Context } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { table } from '../output';

interface OrderSummary {
  orderId: string;
  channel: string;
  channelOrderId: string;
  status: string;
  erp: { state: string };
  createdAt: string;
}

const STUCK = ['exception', 'awaiting_erp', 'on_hold'];

/** `orders stuck`: orders in exception, awaiting the ERP or on hold, oldest first, with reasons. */
async function stuck(
  ctx: Context,
  opts: { status: string; olderThan?: string; failIfAny?: boolean },
): Promise<number> {
  const statuses = opts.status.split(',').map((s) => s.trim());
  const bad = statuses.filter((s) => !STUCK.includes(s));
  if (bad.length) throw new UsageError(`--status takes ${STUCK.join(', ')}; not ${bad.join(', ')}`);
  const minutes = opts.olderThan === undefined ? 0 : Number(opts.olderThan);
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new UsageError('--older-than takes a number of minutes');
  const cutoff = Date.now() - minutes * 60_000;
  const found: Array<OrderSummary & { reason?: string }> = [];
  for (const status of statuses) {
    let cursor: string | undefined;
    do {
      const page = await ctx.api.get<{ items: OrderSummary[]; nextCursor?: string }>(
        'order-ingestion',
        '/v1/orders',
        { status, limit: 200, cursor },
      );
      found.push(...page.items.filter((o) => Date.parse(o.createdAt) <= cutoff));
      ctx.out.progress(`reading ${status} orders: ${found.length} found`);
      cursor = page.nextCursor;
    } while (cursor);
  }
  for (const [i, o] of found.entries()) {
    ctx.out.progress(`reading reasons: ${i + 1}/${found.length}`);
    const detail = await ctx.api.get<{ statusReason?: string }>(
      'order-ingestion',
      `/v1/orders/${encodeURIComponent(o.orderId)}`,
    );
    o.reason = detail.statusReason;
  }
  ctx.out.progressDone();
  found.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  ctx.out.result({ count: found.length, orders: found }, () =>
    found.length === 0
      ? 'No stuck order.'
      : table(
          ['ORDER', 'CHANNEL', 'CHANNEL ORDER', 'STATUS', 'SINCE', 'REASON'],
          found.map((o) => [
            o.orderId,
            o.channel,
            o.channelOrderId,
            o.status,
            o.createdAt,
            o.reason,
          ]),
        ),
  );
  return opts.failIfAny && found.length > 0 ? EXIT.attention : EXIT.ok;
}

async function retry(ctx: Context, id: string, opts: { as?: string }): Promise<number> {
  const who = opts.as ?? process.env.USER ?? 'retailctl';
  const answer = await ctx.api.post<{ status: string; retriedStep: string }>(
    'order-ingestion',
    `/v1/orders/${encodeURIComponent(id)}/retry`,
    { requestedBy: `${who} (retailctl)` },
  );
  ctx.out.result(
    answer,
    () => `Order ${id}: retried from ${answer.retriedStep}, now ${answer.status}.`,
  );
  return EXIT.ok;
}

export function ordersCommand(
  program: Command,
  run: (fn: (ctx: Context) => Promise<number>) => Promise<void>,
) {
  const orders = program.command('orders').description('orders: what is stuck, and retry');
  orders
    .command('stuck')
    .description('orders in exception, awaiting the ERP or on hold, oldest first, with reasons')
    .option('--status <list>', 'comma-separated statuses', STUCK.join(','))
    .option('--older-than <minutes>', 'only orders received at least this long ago')
    .option('--fail-if-any', `exit ${EXIT.attention} when any order is stuck`)
    .action((opts) => run((ctx) => stuck(ctx, opts)));
  orders
    .command('retry')
    .description('run an order in exception again from the step that failed')
    .argument('<orderId>')
    .option('--as <name>', 'who asks, recorded in the timeline (default: $USER)')
    .action((id, opts) => run((ctx) => retry(ctx, id, opts)));
}
