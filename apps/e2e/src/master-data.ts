import type { Stack } from './stack';

/**
 * Creates active, returnable, untracked products in master-data (version 1), one per SKU, with
 * extra request headers if given (e.g. a caller's `traceparent`).
 */
export async function createProducts(
  stack: Stack,
  skus: readonly string[],
  headers: Record<string, string> = {},
): Promise<void> {
  for (const sku of skus) {
    const product = {
      name: sku,
      erpItemId: `NS-${sku}`,
      status: 'active',
      serialTracked: false,
      lotTracked: false,
      returnable: true,
      returnWindowDays: 30,
      restockingFeePercent: 0,
      version: 1,
    };
    const res = await stack.call('master-data', 'PUT', `/v1/products/${sku}`, product, headers);
    if (res.status >= 300) throw new Error(`product ${sku}: HTTP ${res.status}`);
  }
}

/** Creates a distribution centre (ships, takes returns) in master-data (version 1). */
export async function createDcLocation(stack: Stack, locationId: string): Promise<void> {
  const location = {
    name: 'dc',
    type: 'dc',
    capabilities: { ship: true, pickup: false, shipFromStore: false, returns: true },
    version: 1,
  };
  const res = await stack.call('master-data', 'PUT', `/v1/locations/${locationId}`, location);
  if (res.status >= 300) throw new Error(`location ${locationId}: HTTP ${res.status}`);
}
