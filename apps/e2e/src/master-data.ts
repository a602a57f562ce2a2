import type { Stack } from './stack';

/** Creates active, returnable, untracked products in master-data (version 1), one per SKU. */
export async function createProducts(stack: Stack, skus: readonly string[]): Promise<void> {
  for (const sku of skus) {
    const res = await stack.call('master-data', 'PUT', `/v1/products/${sku}`, {
      name: sku,
      erpItemId: `NS-${sku}`,
      status: 'active',
      serialTracked: false,
      lotTracked: false,
      returnable: true,
      returnWindowDays: 30,
      restockingFeePercent: 0,
      version: 1,
    });
    if (res.status >= 300) throw new Error(`product ${sku}: HTTP ${res.status}`);
  }
}
