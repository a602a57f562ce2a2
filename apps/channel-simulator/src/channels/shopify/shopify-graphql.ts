import { isRecord } from '../../common/request';

/** Shopify's default cost of a mutation field (GraphQL Admin API rate limits, cost calculation). */
export const MUTATION_COST = 10;
/** Input arrays take at most 250 items (Shopify API limits, "Input limits"). */
export const MAX_INPUT_ARRAY = 250;

/** The reasons `inventorySetQuantities` accepts (Shopify's inventory quantity reasons). */
export const INVENTORY_REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

/**
 * The requested cost of the queries the simulator answers, as Shopify calculates it: a
 * mutation field 10; a connection `first: n` 2 plus n times its node's objects (a variant and
 * its inventory item: 2). Anything else: 1.
 */
export function shopifyQueryCost(body: unknown): number {
  const b = isRecord(body) ? body : {};
  const query = typeof b.query === 'string' ? b.query : '';
  const variables = isRecord(b.variables) ? b.variables : {};
  const mutations = query.match(/\binventorySetQuantities\s*\(/g)?.length ?? 0;
  if (mutations > 0) return MUTATION_COST * mutations;
  const first = /productVariants\s*\(\s*first:\s*(\$?\w+)/.exec(query)?.[1];
  if (first !== undefined) {
    const n = Number(first.startsWith('$') ? variables[first.slice(1)] : first);
    return 2 + 2 * (Number.isInteger(n) && n > 0 ? n : 1);
  }
  return 1;
}

/** One quantity of the mutation's input, checked. */
export interface SetQuantity {
  index: number;
  inventoryItemId: number;
  locationId: number;
  quantity: number;
}

export interface UserError {
  code: string;
  field: string[];
  message: string;
}

/** `gid://shopify/InventoryItem/123` -> 123 (the numeric id alone is refused, as Shopify does). */
export function gidNumber(value: unknown, type: string): number | undefined {
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(String(value ?? ''));
  return match ? Number(match[1]) : undefined;
}

/**
 * Validates `InventorySetQuantitiesInput` (name, reason, quantities with compareQuantity unless
 * ignoreCompareQuantity): the quantities, or the user errors Shopify answers with.
 */
export function parseSetQuantities(
  input: Record<string, unknown>,
): { quantities: SetQuantity[] } | { userErrors: UserError[] } {
  const errors: UserError[] = [];
  const err = (code: string, field: string[], message: string) =>
    errors.push({ code, field, message });
  if (input.name !== 'available' && input.name !== 'on_hand')
    err(
      'INVALID_NAME',
      ['input', 'name'],
      "The quantity name must be either 'available' or 'on_hand'.",
    );
  if (!INVENTORY_REASONS.has(String(input.reason)))
    err('INVALID_REASON', ['input', 'reason'], 'The specified reason is invalid.');
  const list = Array.isArray(input.quantities) ? input.quantities : [];
  const quantities = list.map((raw, index): SetQuantity => {
    const q = isRecord(raw) ? raw : {};
    const at = (f: string) => ['input', 'quantities', String(index), f];
    const inventoryItemId = gidNumber(q.inventoryItemId, 'InventoryItem');
    const locationId = gidNumber(q.locationId, 'Location');
    if (inventoryItemId === undefined)
      err(
        'INVALID_INVENTORY_ITEM',
        at('inventoryItemId'),
        'The specified inventory item could not be found.',
      );
    if (locationId === undefined)
      err('INVALID_LOCATION', at('locationId'), 'The specified location could not be found.');
    if (!Number.isInteger(q.quantity) || Number(q.quantity) < 0)
      err('INVALID_QUANTITY_NEGATIVE', at('quantity'), "The quantity can't be negative.");
    if (input.ignoreCompareQuantity !== true && !Number.isInteger(q.compareQuantity))
      err(
        'COMPARE_QUANTITY_REQUIRED',
        at('compareQuantity'),
        'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
      );
    return {
      index,
      inventoryItemId: inventoryItemId ?? 0,
      locationId: locationId ?? 0,
      quantity: Number(q.quantity),
    };
  });
  return errors.length > 0 ? { userErrors: errors } : { quantities };
}
