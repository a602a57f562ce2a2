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
  action: string;
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
}
