import type { Logger } from '@nestjs/common';
import type { ProductImportLineResult } from '@retail/contracts';
import { masterDataMetrics } from '../common/metrics';
import { emptySummary, type ImportSummary } from '../products/import-products/import-summary';
import type { SyncPosition } from './persistence/sync-state.store';

const MAX_PROBLEMS = 1000;

/** What `POST /v1/sync/erp` answers. Positions (`line`) count across resumptions. */
export interface SyncReport {
  runId: string;
  status: 'completed' | 'paused' | 'failed';
  resumed: boolean;
  /** Pages and items applied by this call. */
  pages: number;
  items: number;
  /** Pages and items applied by the run so far (resumptions included). */
  totalPages: number;
  totalItems: number;
  summary: ImportSummary;
  /** Lines that were not applied (invalid), at most 1000. */
  problems: ProductImportLineResult[];
}

/** Counters, logs and metrics of one sync call. */
export class SyncProgress {
  pagesThisRun = 0;
  private itemsThisRun = 0;
  private lastLogged = 0;
  private readonly started = Date.now();
  private readonly summary = emptySummary();
  private readonly problems: ProductImportLineResult[] = [];

  constructor(
    private readonly position: SyncPosition,
    private readonly logEvery: number,
  ) {
    masterDataMetrics.erpSyncProgress().set({ measure: 'running' }, 1);
  }

  /** Export position of the next item (1-based, continuing a resumed run). */
  get nextLine(): number {
    return this.position.items + this.itemsThisRun + 1;
  }

  pageDone(results: ProductImportLineResult[], logger: Logger): void {
    this.pagesThisRun += 1;
    this.itemsThisRun += results.length;
    for (const r of results) {
      const outcome = r.outcome as Exclude<typeof r.outcome, 'rejected'>;
      this.summary[outcome] += 1;
      masterDataMetrics.erpSyncItems().inc({ outcome });
      if (outcome === 'created' || outcome === 'updated')
        masterDataMetrics.productsChanged().inc({ source: 'erp', outcome });
      if (outcome === 'invalid' && this.problems.length < MAX_PROBLEMS) this.problems.push(r);
    }
    const gauge = masterDataMetrics.erpSyncProgress();
    gauge.set({ measure: 'pages' }, this.position.pages + this.pagesThisRun);
    gauge.set({ measure: 'items' }, this.nextLine - 1);
    if (this.itemsThisRun - this.lastLogged >= this.logEvery) {
      this.lastLogged = this.itemsThisRun;
      logger.log(this.snapshot(), `ERP sync: ${this.nextLine - 1} items applied`);
    }
  }

  finish(status: SyncReport['status'], logger: Logger): SyncReport {
    masterDataMetrics.erpSyncProgress().set({ measure: 'running' }, 0);
    if (status === 'completed') masterDataMetrics.erpSyncLastSuccess().set(Date.now() / 1000);
    this.summary.lines = this.itemsThisRun;
    this.summary.durationMs = Date.now() - this.started;
    const report: SyncReport = {
      runId: this.position.runId,
      status,
      resumed: this.position.resumed,
      pages: this.pagesThisRun,
      items: this.itemsThisRun,
      totalPages: this.position.pages + this.pagesThisRun,
      totalItems: this.nextLine - 1,
      summary: this.summary,
      problems: this.problems,
    };
    const { problems: _problems, ...loggable } = report;
    logger.log(loggable, `ERP item-master sync ${status}`);
    return report;
  }

  private snapshot() {
    const seconds = (Date.now() - this.started) / 1000;
    return {
      runId: this.position.runId,
      pages: this.position.pages + this.pagesThisRun,
      items: this.nextLine - 1,
      itemsPerSecond: Math.round(this.itemsThisRun / Math.max(seconds, 0.001)),
    };
  }
}
