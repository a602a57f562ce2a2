import { validateContract } from '@retail/contracts';
import { inspectJson, jsonNestingExceeds, MAX_JSON_DEPTH } from '@retail/platform-http';
import { ProductImportLine, type ProductWrite } from '../domain/product-line';

export type ParsedLine =
  | { kind: 'blank' }
  | { kind: 'invalid'; sku?: string; errors: string[] }
  | { kind: 'valid'; write: ProductWrite };

/** Parses and validates one NDJSON line (1-based `line`) against the Product contract + sku. */
export function parseProductLine(text: string, line: number): ParsedLine {
  if (text.trim() === '') return { kind: 'blank' };
  if (jsonNestingExceeds(text, MAX_JSON_DEPTH))
    return { kind: 'invalid', errors: [`nesting deeper than ${MAX_JSON_DEPTH} levels`] };
  let plain: unknown;
  try {
    plain = JSON.parse(text, (key, val) => (key === '__proto__' ? undefined : val));
  } catch (err) {
    return { kind: 'invalid', errors: [`not valid JSON: ${(err as Error).message}`] };
  }
  const sku = readableSku(plain);
  const unsafe = inspectJson(plain);
  if (unsafe.length > 0) return { kind: 'invalid', sku, errors: unsafe.map(format) };
  const { value, errors } = validateContract(ProductImportLine, plain);
  if (errors.length > 0) return { kind: 'invalid', sku, errors: errors.map(format) };
  const { sku: id, ...product } = value;
  return { kind: 'valid', write: { line, sku: id, product } };
}

function readableSku(plain: unknown): string | undefined {
  const sku = (plain as { sku?: unknown } | null)?.sku;
  return typeof sku === 'string' && sku.length > 0 && sku.length <= 64 ? sku : undefined;
}

function format(e: { field: string; message: string }): string {
  return e.field ? `${e.field}: ${e.message}` : e.message;
}
