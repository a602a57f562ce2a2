import type { ErpItem } from '@retail/backoffice-adapters';
import { validateContract } from '@retail/contracts';
import type { ErpProductWrite } from '../products/persistence/product.writer';
import { ProductImportLine } from '../products/domain/product-line';

export type MappedItem =
  { kind: 'valid'; write: ErpProductWrite } | { kind: 'invalid'; sku?: string; errors: string[] };

/**
 * An ERP item as a product write (the ERP owns name, GTIN, item id and active flag). It is
 * validated with the Product contract, so a malformed ERP record can never reach the table.
 */
export function mapErpItem(item: ErpItem, line: number): MappedItem {
  const candidate = {
    sku: item.sku,
    name: item.name,
    ...(item.gtin ? { gtin: item.gtin } : {}),
    erpItemId: item.itemId,
    status: item.active ? 'active' : 'discontinued',
    serialTracked: false,
    lotTracked: false,
    returnable: true,
    returnWindowDays: 0,
    restockingFeePercent: 0,
    version: 0,
  };
  const { errors } = validateContract(ProductImportLine, candidate);
  if (errors.length > 0) {
    const sku = typeof item.sku === 'string' && item.sku.length <= 64 ? item.sku : undefined;
    return { kind: 'invalid', sku, errors: errors.map((e) => `${e.field}: ${e.message}`) };
  }
  const { sku, name, gtin, erpItemId, status } = candidate;
  return {
    kind: 'valid',
    write: { line, sku, name, gtin, erpItemId, status: status as ErpProductWrite['status'] },
  };
}
