import type { Command } from 'commander';
import type { Context } from '../context';
import { EXIT } from '../exit-codes';
import { table } from '../output';

interface DriftLine {
  sku: string;
  locationId: string;
  onHand: number;
  unposted: number;
  erpOnHand: number;
  drift: number;
}

/** Inventory vs the ERP: positions whose drift neither side explains (exit 5 when any). */
async function inventory(ctx: Context, opts: { sku?: string; location?: string }) {
  ctx.out.progress('comparing inventory with the ERP...');
  const report = await ctx.api.get<{
    checkedAt: string;
    positions: number;
    drifting: number;
    items: DriftLine[];
  }>('inventory', '/v1/reconciliation/erp', { sku: opts.sku, locationId: opts.location });
  ctx.out.progressDone();
  const drifting = report.items.filter((d) => d.drift !== 0);
  ctx.out.result(report, () =>
    [
      `${report.positions} position(s) checked at ${report.checkedAt}; ${report.drifting} drifting.`,
      drifting.length
        ? table(
            ['SKU', 'LOCATION', 'ON HAND', 'UNPOSTED', 'ERP ON HAND', 'DRIFT'],
            drifting.map((d) => [d.sku, d.locationId, d.onHand, d.unposted, d.erpOnHand, d.drift]),
          )
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return report.drifting > 0 ? EXIT.attention : EXIT.ok;
}

interface RefundDrift {
  kind: string;
  returnId?: string;
  refundId: string;
  ours?: { amount: number; currency: string; status: string };
  theirs?: { amount: number; currency: string; status: string };
  erp?: { amount: number; currency: string; status: string };
  action: string;
  corrected?: boolean;
}

const money = (m?: { amount: number; currency: string }) => (m ? `${m.amount} ${m.currency}` : '-');

/** Refunds recorded by returns vs the payment provider's, in a window (exit 5 when any drift). */
async function refunds(ctx: Context, opts: { from: string; to?: string }) {
  const to = opts.to ?? new Date().toISOString();
  ctx.out.progress(`comparing refunds with the payment provider from ${opts.from} to ${to}...`);
  const report = await ctx.api.get<{
    providerRefunds: number;
    recordedRefunds: number;
    drifting: number;
    items: RefundDrift[];
  }>('returns', '/v1/reconciliation/refunds', { from: opts.from, to });
  ctx.out.progressDone();
  ctx.out.result(report, () =>
    [
      `${report.providerRefunds} refund(s) at the provider, ${report.recordedRefunds} recorded by returns; ${report.drifting} drifting.`,
      report.items.length
        ? table(
            ['DRIFT', 'RETURN', 'REFUND', 'OURS', 'PROVIDER', 'ACTION'],
            report.items.map((d) => [
              d.kind,
              d.returnId ?? '-',
              d.refundId,
              money(d.ours),
              money(d.theirs),
              d.action,
            ]),
          )
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return report.drifting > 0 ? EXIT.attention : EXIT.ok;
}

interface RefundRun {
  runId: string;
  state: 'queued' | 'running' | 'completed' | 'failed';
  phase?: string;
  progress: { providerRefunds: number; toCheck: number; checked: number };
  reposted: number;
  drifting: number;
  items: RefundDrift[];
  error?: string;
}

/** How often a refund reconciliation run is looked at while waiting for it. */
const RUN_POLL_MS = 500;

/**
 * A refund reconciliation run (ADR 0042): requested, followed to its end with its progress,
 * its findings listed. Exit 5 when something is left for an operator (drift not corrected),
 * 3 when the run failed (provider or ERP unavailable).
 */
async function refundRun(ctx: Context, opts: { from: string; to?: string; dryRun?: boolean }) {
  const to = opts.to ?? new Date().toISOString();
  const body = { from: opts.from, to, ...(opts.dryRun ? { dryRun: true } : {}) };
  let run = await ctx.api.post<RefundRun>('returns', '/v1/reconciliation/refunds/runs', body);
  while (run.state === 'queued' || run.state === 'running') {
    const { phase = run.state, progress: p } = run;
    ctx.out.progress(
      `run ${run.runId}: ${phase}, ${p.providerRefunds} provider refund(s), ERP ${p.checked}/${p.toCheck}`,
    );
    await new Promise((resolve) => setTimeout(resolve, RUN_POLL_MS));
    run = await ctx.api.get<RefundRun>('returns', `/v1/reconciliation/refunds/runs/${run.runId}`);
  }
  ctx.out.progressDone();
  const open = run.items.filter((d) => !d.corrected);
  ctx.out.result(run, () =>
    [
      `run ${run.runId} ${run.state}${run.error ? ` (${run.error})` : ''}: ${run.progress.toCheck} credit memo(s) checked, ${run.reposted} posted again, ${run.drifting} finding(s).`,
      run.items.length
        ? table(
            ['DRIFT', 'RETURN', 'OURS', 'PROVIDER', 'ERP', 'DONE', 'ACTION'],
            run.items.map((d) => [
              d.kind,
              d.returnId ?? '-',
              money(d.ours),
              money(d.theirs),
              money(d.erp),
              d.corrected ? 'reposted' : '-',
              d.action,
            ]),
          )
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  if (run.state === 'failed') return EXIT.unavailable;
  return open.length > 0 ? EXIT.attention : EXIT.ok;
}

export function reconcileCommand(
  program: Command,
  run: (fn: (ctx: Context) => Promise<number>) => Promise<void>,
) {
  const reconcile = program.command('reconcile').description('compare with the systems of record');
  reconcile
    .command('inventory')
    .description(`inventory positions vs the ERP's on-hand (exit ${EXIT.attention} on drift)`)
    .option('--sku <sku>')
    .option('--location <locationId>')
    .action((opts) => run((ctx) => inventory(ctx, opts)));
  reconcile
    .command('refunds')
    .description(
      `refunds recorded by returns vs the payment provider's (exit ${EXIT.attention} on drift)`,
    )
    .requiredOption('--from <time>', 'start of the window (ISO 8601)')
    .option('--to <time>', 'end of the window (ISO 8601, default now)')
    .action((opts) => run((ctx) => refunds(ctx, opts)));
  reconcile
    .command('refund-run')
    .description(
      `run refund reconciliation with the ERP's credit memos and wait for it: lost memos are ` +
        `posted again (exit ${EXIT.attention} on drift left for an operator)`,
    )
    .requiredOption('--from <time>', 'start of the window (ISO 8601)')
    .option('--to <time>', 'end of the window (ISO 8601, default now)')
    .option('--dry-run', 'report only: post no missing credit memo')
    .action((opts) => run((ctx) => refundRun(ctx, opts)));
}
