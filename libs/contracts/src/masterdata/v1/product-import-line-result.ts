import { IsInt, IsOptional, Min } from 'class-validator';
import { IsId, IsOneOf, IsStringArray } from '../../common/v1/decorators';

/**
 * Outcome of one line of a product import or ERP sync: `stale` = a version not newer than the
 * stored one (nothing changed), `invalid` = the line failed validation. `rejected` is kept for 1.0
 * clients and no longer produced.
 */
export const IMPORT_LINE_OUTCOMES = [
  'created',
  'updated',
  'unchanged',
  'stale',
  'invalid',
  'rejected',
] as const;
/** Outcome of one line of a product import or ERP sync. */
export type ImportLineOutcome = (typeof IMPORT_LINE_OUTCOMES)[number];

/** Per-line result of `POST /v1/products:import` and `POST /v1/sync/erp`. */
export class ProductImportLineResult {
  /** 1-based line number in the NDJSON body (or position in the ERP export). */
  @IsInt()
  @Min(1)
  line: number;

  /** The SKU of the line, when it could be read. */
  @IsOptional()
  @IsId(64)
  sku?: string;

  /** What happened to the line. */
  @IsOneOf(IMPORT_LINE_OUTCOMES)
  outcome: ImportLineOutcome;

  /** Why the line was rejected (validation messages or a stale version). */
  @IsOptional()
  @IsStringArray(50, 500)
  errors?: string[];
}
