import { Matches } from 'class-validator';

/**
 * What a canonical SKU may be, wherever a product is written (PUT /v1/products/{sku}, the
 * NDJSON import, the ERP item sync): 1 to 64 characters, no control characters, no `/` (a SKU
 * is a path segment), no leading or trailing white space, and not `.` or `..`. One rule, so an
 * imported product can always be read and updated through its own URL.
 */
/* eslint-disable no-control-regex -- control characters are what the pattern refuses */
export const SKU_PATTERN =
  /^(?!\.\.?$)(?=.{1,64}$)[^\s\u0000-\u001f\u007f/](?:[^\u0000-\u001f\u007f/]*[^\s\u0000-\u001f\u007f/])?$/u;

/* eslint-enable no-control-regex */

export const SKU_RULE =
  'sku must be 1 to 64 characters without control characters, "/", or surrounding white space';

export function isValidSku(value: unknown): value is string {
  return typeof value === 'string' && value.isWellFormed() && SKU_PATTERN.test(value);
}

/** The same rule as a class-validator decorator, for import lines. */
export const IsSku = () => Matches(SKU_PATTERN, { message: SKU_RULE });
