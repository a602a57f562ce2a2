import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ImportLineOutcome, ProductImportLineResult } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { DataSource } from 'typeorm';
import { masterDataMetrics } from '../../common/metrics';
import type { MasterDataConfig } from '../../config/env';
import { uniqueChunks, type ProductWrite } from '../domain/product-line';
import { ProductWriter } from '../persistence/product.writer';
import { parseProductLine } from './ndjson-line';
import { emptySummary, type ImportSummary } from './import-summary';

export const IMPORT_CHUNK = 500;

export interface ImportReport {
  summary: ImportSummary;
  results: ProductImportLineResult[];
}

/**
 * Bulk product import: every line validated on its own, the good ones applied in multi-row
 * upserts of {@link IMPORT_CHUNK} (one transaction each, events in the same transaction),
 * every line reported. A bad line never stops the others.
 */
@Injectable()
export class ImportProductsHandler {
  private readonly logger = new Logger(ImportProductsHandler.name);

  constructor(
    private readonly db: DataSource,
    private readonly writer: ProductWriter,
    @Inject(SERVICE_CONFIG) private readonly config: MasterDataConfig,
  ) {}

  async execute(ndjson: string): Promise<ImportReport> {
    const started = Date.now();
    const lines = ndjson.split('\n');
    const results: ProductImportLineResult[] = [];
    let pending: ProductWrite[] = [];
    const logEvery = this.config.env.MASTERDATA_IMPORT_LOG_EVERY;
    for (let i = 0; i < lines.length; i++) {
      const parsed = parseProductLine(lines[i], i + 1);
      if (parsed.kind === 'invalid') results.push(invalid(i + 1, parsed.sku, parsed.errors));
      if (parsed.kind === 'valid') pending.push(parsed.write);
      if (pending.length >= IMPORT_CHUNK * 4) {
        results.push(...(await this.apply(pending)));
        pending = [];
      }
      if ((i + 1) % logEvery === 0) this.progress(i + 1, lines.length, results, started);
    }
    results.push(...(await this.apply(pending)));
    results.sort((a, b) => a.line - b.line);
    const summary = summarise(results, Date.now() - started);
    this.logger.log({ summary }, 'product import finished');
    return { summary, results };
  }

  private async apply(writes: ProductWrite[]): Promise<ProductImportLineResult[]> {
    const out: ProductImportLineResult[] = [];
    for (const chunk of uniqueChunks(writes, IMPORT_CHUNK)) {
      out.push(...(await this.db.transaction((m) => this.writer.upsertVersioned(m, chunk))));
    }
    return out;
  }

  private progress(done: number, total: number, results: unknown[], started: number): void {
    const seconds = (Date.now() - started) / 1000;
    this.logger.log(
      { done, total, reported: results.length, linesPerSecond: Math.round(done / seconds) },
      `product import: ${done}/${total} lines read`,
    );
  }
}

function invalid(line: number, sku: string | undefined, errors: string[]): ProductImportLineResult {
  return { line, ...(sku ? { sku } : {}), outcome: 'invalid', errors: errors.slice(0, 50) };
}

function summarise(results: ProductImportLineResult[], durationMs: number): ImportSummary {
  const summary = emptySummary(durationMs);
  for (const r of results) summary[r.outcome as Exclude<ImportLineOutcome, 'rejected'>] += 1;
  summary.lines = results.length;
  const metrics = masterDataMetrics;
  for (const outcome of ['created', 'updated', 'unchanged', 'stale', 'invalid'] as const) {
    if (summary[outcome] > 0) metrics.importLines().inc({ outcome }, summary[outcome]);
  }
  for (const outcome of ['created', 'updated'] as const) {
    if (summary[outcome] > 0)
      metrics.productsChanged().inc({ source: 'import', outcome }, summary[outcome]);
  }
  return summary;
}
