import type { Command } from 'commander';
import type { Context } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { table } from '../output';

interface DeadLetter {
  id: number;
  reason: string;
  stream: string;
  consumer: string;
  subject: string;
  failedAt: string;
  event: { id: string; correlationid?: string } | null;
  replayed: unknown;
}

interface FilterOptions {
  stream?: string;
  consumer?: string;
  reason?: string;
  from?: string;
  to?: string;
  correlationId?: string;
}

const filterOf = (o: FilterOptions) =>
  Object.fromEntries(
    Object.entries({
      stream: o.stream,
      consumer: o.consumer,
      reason: o.reason,
      from: o.from,
      to: o.to,
      correlationId: o.correlationId,
    }).filter(([, v]) => v !== undefined),
  );

function withFilters(cmd: Command): Command {
  return cmd
    .option('--stream <stream>', 'original stream, e.g. RETAIL_ORDERS')
    .option('--consumer <consumer>', 'durable consumer it failed in')
    .option('--reason <text>', 'substring of the failure reason (case-insensitive)')
    .option('--from <time>', 'failed at or after (ISO 8601)')
    .option('--to <time>', 'failed at or before (ISO 8601)')
    .option('--correlation-id <id>', "the event's correlation id");
}

/** Every matching dead letter, page after page (progress on stderr). */
async function list(ctx: Context, opts: FilterOptions & { limit: string; failIfAny?: boolean }) {
  const max = Number(opts.limit);
  if (!Number.isInteger(max) || max < 1) throw new UsageError('--limit takes a positive integer');
  const items: DeadLetter[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.api.send<DeadLetter[]>('order-ingestion', {
      method: 'GET',
      path: '/v1/ops/dlq',
      query: { ...filterOf(opts), limit: Math.min(500, max), fromSequence: cursor },
    });
    items.push(...page.body);
    ctx.out.progress(`reading dead letters: ${items.length}`);
    cursor = page.headers.get('x-next-cursor') ?? undefined;
  } while (cursor && items.length < max);
  ctx.out.progressDone();
  const shown = items.slice(0, max);
  ctx.out.result({ count: shown.length, items: shown }, () =>
    shown.length === 0
      ? 'No dead letter matches.'
      : table(
          ['ID', 'FAILED', 'STREAM', 'CONSUMER', 'SUBJECT', 'REPLAYED', 'REASON'],
          shown.map((d) => [
            d.id,
            d.failedAt,
            d.stream,
            d.consumer,
            d.subject,
            d.replayed ? 'yes' : 'no',
            d.reason,
          ]),
        ),
  );
  return opts.failIfAny && shown.length > 0 ? EXIT.attention : EXIT.ok;
}

interface ReplayAnswer {
  dryRun: boolean;
  matched: number;
  truncated: boolean;
  items: Array<{ id: number; subject: string; eventId: string | null; outcome: string }>;
}

async function replay(ctx: Context, ids: string[], opts: FilterOptions & { dryRun?: boolean }) {
  const numeric = ids.map(Number);
  if (numeric.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError('dead letter ids are positive integers');
  const filter = filterOf(opts);
  if (numeric.length > 0 === Object.keys(filter).length > 0)
    throw new UsageError('give either dead letter ids or at least one filter option');
  ctx.out.progress(opts.dryRun ? 'dry run...' : 'replaying...');
  const answer = await ctx.api.post<ReplayAnswer>('order-ingestion', '/v1/ops/dlq:replay', {
    ...(numeric.length ? { ids: numeric } : { filter }),
    dryRun: opts.dryRun === true,
  });
  ctx.out.progressDone();
  ctx.out.result(answer, () =>
    [
      answer.dryRun
        ? `Dry run: ${answer.items.filter((i) => i.outcome === 'would-replay').length} of ${answer.matched} would be re-delivered; nothing published.`
        : `Replayed ${answer.items.filter((i) => i.outcome === 'replayed').length} of ${answer.matched}.`,
      table(
        ['ID', 'SUBJECT', 'EVENT', 'OUTCOME'],
        answer.items.map((i) => [i.id, i.subject, i.eventId, i.outcome]),
      ),
    ].join('\n'),
  );
  return EXIT.ok;
}

export function dlqCommand(
  program: Command,
  run: (fn: (ctx: Context) => Promise<number>) => Promise<void>,
) {
  const dlq = program.command('dlq').description('dead letters: list, replay');
  withFilters(dlq.command('list').description('dead letters matching the filters, oldest first'))
    .option('--limit <n>', 'at most this many', '1000')
    .option('--fail-if-any', `exit ${EXIT.attention} when any matches`)
    .action((opts) => run((ctx) => list(ctx, opts)));
  withFilters(
    dlq
      .command('replay')
      .description('replay dead letters by id or by filter, each at most once')
      .argument('[ids...]'),
  )
    .option('--dry-run', 'show what would be re-delivered; publish nothing')
    .action((ids, opts) => run((ctx) => replay(ctx, ids, opts)));
}
