import type { Disposition, ItemCondition } from '@retail/contracts';

/** What the rule needs to know about the product. */
export interface DispositionProduct {
  sku: string;
  /** Serial-tracked goods (electronics, appliances) are worth refurbishing. */
  serialTracked: boolean;
}

export interface DispositionPolicy {
  /** SKU prefixes (a category convention, e.g. `ELEC-`) refurbished rather than resold or scrapped. */
  refurbishSkuPrefixes: string[];
}

export function isRefurbishable(product: DispositionProduct, policy: DispositionPolicy): boolean {
  return (
    product.serialTracked || policy.refurbishSkuPrefixes.some((p) => product.sku.startsWith(p))
  );
}

/**
 * Where returned units go, by condition:
 * - new: resellable;
 * - opened: resellable, unless the product is refurbishable (serial-tracked or a refurbish
 *   category), whose opened units must be checked and reset first;
 * - damaged: quarantine (counted as `damaged`, never available);
 * - defective: refurbishable when the product is, otherwise scrap.
 */
export function dispositionFor(
  condition: ItemCondition,
  product: DispositionProduct,
  policy: DispositionPolicy,
): Disposition {
  switch (condition) {
    case 'new':
      return 'resellable';
    case 'opened':
      return isRefurbishable(product, policy) ? 'refurbishable' : 'resellable';
    case 'damaged':
      return 'quarantine';
    case 'defective':
      return isRefurbishable(product, policy) ? 'refurbishable' : 'scrap';
  }
}

/** Parses `RETURNS_REFURBISH_SKU_PREFIXES` (comma-separated). */
export function parsePolicy(prefixes: string | undefined): DispositionPolicy {
  return {
    refurbishSkuPrefixes: (prefixes ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  };
}
