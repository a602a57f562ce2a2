import { Injectable } from '@nestjs/common';
import { PRODUCT_CHANGED_SUBJECT, type ProductChangedEvent } from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import type { EntityManager } from 'typeorm';
import type { ProductWrite, WriteResult } from '../domain/product-line';
import { rowToProduct, sameContent, type ProductRow } from './product-row';
import { SELECT_BY_SKUS, UPSERT_FROM_ERP, UPSERT_VERSIONED } from './product-sql';

/** A product as the ERP describes it (the fields the ERP owns). */
export interface ErpProductWrite {
  line: number;
  sku: string;
  name: string;
  gtin?: string;
  erpItemId: string;
  status: 'active' | 'discontinued';
}

/**
 * Writes chunks of products (unique SKUs per chunk) inside the caller's transaction and enqueues
 * one `product.changed` per created or updated row in the same transaction.
 */
@Injectable()
export class ProductWriter {
  constructor(private readonly outbox: OutboxService) {}

  async upsertVersioned(m: EntityManager, chunk: ProductWrite[]): Promise<WriteResult[]> {
    if (chunk.length === 0) return [];
    const p = chunk.map((w) => w.product);
    const rows: ProductRow[] = await m.query(UPSERT_VERSIONED, [
      chunk.map((w) => w.sku),
      p.map((x) => x.name),
      p.map((x) => x.gtin ?? null),
      p.map((x) => x.erpItemId),
      p.map((x) => x.status),
      p.map((x) => x.serialTracked),
      p.map((x) => x.lotTracked),
      p.map((x) => x.returnable),
      p.map((x) => x.returnWindowDays),
      p.map((x) => x.restockingFeePercent),
      p.map((x) => x.version),
    ]);
    await this.publish(m, rows);
    const applied = new Map(rows.map((r) => [r.sku, r]));
    const rest = chunk.filter((w) => !applied.has(w.sku)).map((w) => w.sku);
    const stored = await this.stored(m, rest);
    return chunk.map((w) => classify(w, applied.get(w.sku), stored.get(w.sku)));
  }

  async upsertFromErp(
    m: EntityManager,
    chunk: ErpProductWrite[],
    defaultReturnWindowDays: number,
  ): Promise<WriteResult[]> {
    if (chunk.length === 0) return [];
    const rows: ProductRow[] = await m.query(UPSERT_FROM_ERP, [
      chunk.map((w) => w.sku),
      chunk.map((w) => w.name),
      chunk.map((w) => w.gtin ?? null),
      chunk.map((w) => w.erpItemId),
      chunk.map((w) => w.status),
      defaultReturnWindowDays,
    ]);
    await this.publish(m, rows);
    const applied = new Map(rows.map((r) => [r.sku, r]));
    return chunk.map((w) => {
      const row = applied.get(w.sku);
      const outcome = !row ? 'unchanged' : row.inserted ? 'created' : 'updated';
      return { line: w.line, sku: w.sku, outcome };
    });
  }

  private async stored(m: EntityManager, skus: string[]): Promise<Map<string, ProductRow>> {
    if (skus.length === 0) return new Map();
    const rows: ProductRow[] = await m.query(SELECT_BY_SKUS, [skus]);
    return new Map(rows.map((r) => [r.sku, r]));
  }

  private async publish(m: EntityManager, rows: ProductRow[]): Promise<void> {
    const changedAt = new Date().toISOString();
    const drafts = rows.map((row) => ({
      type: PRODUCT_CHANGED_SUBJECT,
      subject: row.sku,
      data: { sku: row.sku, product: rowToProduct(row), changedAt } satisfies ProductChangedEvent,
    }));
    await this.outbox.enqueue(m, drafts);
  }
}

function classify(w: ProductWrite, applied?: ProductRow, stored?: ProductRow): WriteResult {
  const base = { line: w.line, sku: w.sku };
  if (applied) return { ...base, outcome: applied.inserted ? 'created' : 'updated' };
  const current = stored ? rowToProduct(stored) : undefined;
  if (current && current.version === w.product.version && sameContent(current, w.product)) {
    return { ...base, outcome: 'unchanged' };
  }
  const storedVersion = current?.version ?? 'unknown';
  const message = `version ${w.product.version} is not greater than the stored version ${storedVersion}`;
  return { ...base, outcome: 'stale', errors: [message] };
}
