import type { Command } from 'commander';
import type { Context } from '../context';
import { EXIT, UsageError } from '../exit-codes';
import { table } from '../output';

interface ReplayResult {
  replayId: string;
  dryRun: boolean;
  matched: number;
  republished: number;
  truncated: boolean;
  firstSequence: number | null;
  lastSequence: number | null;
  items: Array<{
    sequence: number;
    subject: string;
    eventId: string | null;
    correlationId: string | null;
  }>;
}

const isSequence = (v: string) => /^\d+$/.test(v);

/** `--from`/`--to` take a stream sequence (digits) or an ISO 8601 time. */
function bound(value: string, name: string, which: 'from' | 'to') {
  if (isSequence(value)) return { [`${which}Sequence`]: Number(value) };
  if (Number.isNaN(Date.parse(value)))
    throw new UsageError(`--${name} takes a stream sequence or an ISO 8601 time, not "${value}"`);
  return { [`${which}Time`]: new Date(value).toISOString() };
}

async function replay(
  ctx: Context,
  opts: {
    stream: string;
    from: string;
    to?: string;
    subject?: string;
    correlationId?: string;
    dryRun?: boolean;
  },
) {
  const body = {
    stream: opts.stream,
    ...bound(opts.from, 'from', 'from'),
    ...(opts.to ? bound(opts.to, 'to', 'to') : {}),
    ...(opts.subject ? { subject: opts.subject } : {}),
    ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
    dryRun: opts.dryRun === true,
  };
  ctx.out.progress(body.dryRun ? `dry run on ${opts.stream}...` : `replaying ${opts.stream}...`);
  const r = await ctx.api.post<ReplayResult>('order-ingestion', '/v1/ops/replay', body);
  ctx.out.progressDone();
  ctx.out.result(r, () =>
    [
      r.dryRun
        ? `Dry run: ${r.matched} event(s) would be re-delivered (sequences ${r.firstSequence ?? '-'}..${r.lastSequence ?? '-'}); nothing published.`
        : `Replay ${r.replayId}: ${r.republished} event(s) re-delivered (sequences ${r.firstSequence ?? '-'}..${r.lastSequence ?? '-'}).`,
      r.truncated
        ? 'Stopped at the limit: more events match; narrow the window or repeat from the last sequence.'
        : '',
      table(
        ['SEQUENCE', 'SUBJECT', 'EVENT', 'CORRELATION'],
        r.items.map((i) => [i.sequence, i.subject, i.eventId, i.correlationId]),
      ),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return EXIT.ok;
}

export function replayCommand(
  program: Command,
  run: (fn: (ctx: Context) => Promise<number>) => Promise<void>,
) {
  program
    .command('replay')
    .description('re-deliver stored events of a stream in a window; consumers drop duplicates')
    .requiredOption('--stream <stream>', 'e.g. RETAIL_ORDERS')
    .requiredOption('--from <sequence|time>', 'first stream sequence or ISO 8601 time')
    .option('--to <sequence|time>', 'last stream sequence or ISO 8601 time')
    .option('--subject <subject>', 'subject filter (wildcards allowed)')
    .option('--correlation-id <id>', 'only events with this correlation id')
    .option('--dry-run', 'show what would be re-delivered; publish nothing')
    .action((opts) => run((ctx) => replay(ctx, opts)));
}
