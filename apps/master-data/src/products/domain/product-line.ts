import { IsId, Product } from '@retail/contracts';
import { IsSku } from './sku';

/** One NDJSON line of `POST /v1/products:import`: the Product contract plus its SKU. */
export class ProductImportLine extends Product {
  /** Canonical SKU (the resource id of `PUT /v1/products/{sku}`). */
  @IsId(64)
  @IsSku()
  sku: string;
}

/** A product to write, with where it came from (1-based line or ERP position). */
export interface ProductWrite {
  line: number;
  sku: string;
  product: Product;
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'stale';

export interface WriteResult {
  line: number;
  sku: string;
  outcome: WriteOutcome;
  errors?: string[];
}

/**
 * Splits writes into chunks of at most `size` with no SKU twice in a chunk (one upsert cannot
 * touch a row twice); a repeated SKU starts a new chunk, which keeps file order semantics.
 */
export function uniqueChunks<T extends { sku: string }>(writes: T[], size: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let skus = new Set<string>();
  for (const write of writes) {
    if (current.length >= size || skus.has(write.sku)) {
      chunks.push(current);
      current = [];
      skus = new Set();
    }
    current.push(write);
    skus.add(write.sku);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
