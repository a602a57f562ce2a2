import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ErpAdapter, ErpItem } from '@retail/backoffice-adapters';
import type { ProductImportLineResult } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { RequestContext } from '@retail/platform-observability';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { MasterDataException } from '../common/master-data.exception';
import type { MasterDataConfig } from '../config/env';
import { uniqueChunks } from '../products/domain/product-line';
import { ProductWriter, type ErpProductWrite } from '../products/persistence/product.writer';
import { ERP_ADAPTER } from './erp-adapter.provider';
import { mapErpItem } from './erp-item-mapping';
import { fetchPageWithRetry } from './erp-page-fetcher';
import { SyncProgress, type SyncReport } from './sync-progress';
import { SyncStateStore } from './persistence/sync-state.store';
import { SessionLock } from '@retail/platform-persistence';

export const ERP_ITEM_MASTER_SYNC = 'erp-item-master';

/**
 * Pulls the ERP item master page by page. Each page's products, events and the next cursor
 * commit in one transaction, so an interrupted run (crash, ERP outage, `maxPages`) resumes at
 * the first page not yet applied: no gap, no page applied twice.
 */
@Injectable()
export class ErpSyncRunner {
  private readonly logger = new Logger(ErpSyncRunner.name);

  constructor(
    private readonly db: DataSource,
    private readonly writer: ProductWriter,
    private readonly state: SyncStateStore,
    private readonly lock: SessionLock,
    @Inject(ERP_ADAPTER) private readonly erp: ErpAdapter,
    @Inject(SERVICE_CONFIG) private readonly config: MasterDataConfig,
  ) {}

  async run(options: { maxPages?: number; trigger: 'api' | 'schedule' }): Promise<SyncReport> {
    const release = await this.lock.tryAcquire(`${this.config.schema}:${ERP_ITEM_MASTER_SYNC}`);
    if (!release) {
      throw new MasterDataException(
        'sync-in-progress',
        409,
        'An ERP item-master sync is already running',
      );
    }
    try {
      return await this.pull(options.maxPages, options.trigger);
    } finally {
      await release();
    }
  }

  private async pull(maxPages: number | undefined, trigger: string): Promise<SyncReport> {
    const position = await this.state.begin(ERP_ITEM_MASTER_SYNC, randomUUID());
    const progress = new SyncProgress(position, this.config.env.MASTERDATA_IMPORT_LOG_EVERY);
    this.logger.log(
      { runId: position.runId, trigger, resumed: position.resumed },
      'ERP item-master sync started',
    );
    let cursor = position.cursor ?? undefined;
    try {
      do {
        const page = await fetchPageWithRetry(this.erp, cursor, this.pageSize, this.correlationId);
        const results = await this.applyPage(
          page.items,
          progress.nextLine,
          page.nextCursor ?? null,
        );
        progress.pageDone(results, this.logger);
        cursor = page.nextCursor;
      } while (cursor && !(maxPages && progress.pagesThisRun >= maxPages));
    } catch (err) {
      await this.state.mark(ERP_ITEM_MASTER_SYNC, 'failed', (err as Error).message);
      progress.finish('failed', this.logger);
      throw new MasterDataException(
        'erp-unavailable',
        503,
        `ERP sync stopped: ${(err as Error).message}`,
        undefined,
        true,
      );
    }
    if (cursor) await this.state.mark(ERP_ITEM_MASTER_SYNC, 'paused');
    return progress.finish(cursor ? 'paused' : 'completed', this.logger);
  }

  private applyPage(items: ErpItem[], firstLine: number, nextCursor: string | null) {
    const invalid: ProductImportLineResult[] = [];
    const writes: ErpProductWrite[] = [];
    items.forEach((item, i) => {
      const mapped = mapErpItem(item, firstLine + i);
      if (mapped.kind === 'valid') writes.push(mapped.write);
      else
        invalid.push({
          line: firstLine + i,
          ...(mapped.sku ? { sku: mapped.sku } : {}),
          outcome: 'invalid',
          errors: mapped.errors,
        });
    });
    return this.db.transaction(async (m) => {
      const results: ProductImportLineResult[] = [...invalid];
      for (const chunk of uniqueChunks(writes, 500)) {
        results.push(...(await this.writer.upsertFromErp(m, chunk, this.defaultReturnWindow)));
      }
      await this.state.advance(m, ERP_ITEM_MASTER_SYNC, nextCursor, items.length);
      return results;
    });
  }

  private get pageSize(): number {
    return this.config.env.MASTERDATA_ERP_SYNC_PAGE_SIZE;
  }

  private get defaultReturnWindow(): number {
    return this.config.env.MASTERDATA_DEFAULT_RETURN_WINDOW_DAYS;
  }

  private get correlationId(): string {
    return RequestContext.current()?.correlationId ?? randomUUID();
  }
}
