import { Injectable, OnModuleInit } from '@nestjs/common';
import { collectedGauge, counter } from '@retail/platform-observability';
import { ReconciliationRunsRepository } from './reconciliation-runs.repository';

export const repostedCreditMemos = () =>
  counter(
    'retail_refund_reconciliation_reposted_total',
    'Credit memos the ERP had lost, posted again by refund reconciliation',
  );

/** Refund reconciliation as operators watch it, from the runs table at scrape time. */
@Injectable()
export class ReconciliationMetrics implements OnModuleInit {
  constructor(private readonly runs: ReconciliationRunsRepository) {}

  onModuleInit(): void {
    repostedCreditMemos();
    collectedGauge(
      'retail_refund_reconciliation_findings',
      'Drift found by the latest completed refund reconciliation run, by kind',
      ['kind'],
      async () =>
        (await this.runs.latestFindings()).map((r) => ({ labels: { kind: r.kind }, value: r.n })),
    );
    collectedGauge(
      'retail_refund_reconciliation_last_completed_timestamp_seconds',
      'When the latest refund reconciliation run completed (absent before the first)',
      [],
      async () => {
        const at = await this.runs.lastCompletedAt();
        return at === undefined ? [] : [{ value: at }];
      },
    );
  }
}
