/** Availability of one SKU for one channel, as inventory publishes it. */
export interface AvailabilityFacts {
  sku: string;
  available: number;
  byLocation: Array<{ locationId: string; available: number }>;
}

/** One row the channel should show: a channel SKU at a channel location. */
export interface AvailabilityTarget {
  sku: string;
  channelSku: string;
  location: string;
  quantity: number;
}

/**
 * What the channel should show for one SKU. Without a location map the channel has one selling
 * location (`defaultLocation`) showing the network total. With one (canonical location -> channel
 * location), each mapped channel location shows the sum of its canonical locations (0 when none
 * has stock) and unmapped locations are not sold there. Every channel SKU mapped to the SKU
 * (none: the SKU itself) gets the same figures.
 */
export function availabilityTargets(
  facts: AvailabilityFacts,
  channelSkus: readonly string[],
  defaultLocation: string,
  locationMap?: Readonly<Record<string, string>>,
): AvailabilityTarget[] {
  const perLocation = new Map<string, number>();
  if (!locationMap || Object.keys(locationMap).length === 0) {
    perLocation.set(defaultLocation, Math.max(0, facts.available));
  } else {
    for (const channelLocation of Object.values(locationMap)) perLocation.set(channelLocation, 0);
    for (const { locationId, available } of facts.byLocation) {
      const target = locationMap[locationId];
      if (target !== undefined)
        perLocation.set(target, (perLocation.get(target) ?? 0) + Math.max(0, available));
    }
  }
  const skus = channelSkus.length > 0 ? [...new Set(channelSkus)] : [facts.sku];
  return skus.flatMap((channelSku) =>
    [...perLocation].map(([location, quantity]) => ({
      sku: facts.sku,
      channelSku,
      location,
      quantity,
    })),
  );
}

/**
 * `<canonical>=<channel>,...` (e.g. `DC-EAST=65000000001,STORE-1=65000000002`); undefined when
 * unset, a list of problems when malformed.
 */
export function parseLocationMap(raw: string | undefined): Record<string, string> | string {
  const map: Record<string, string> = {};
  if (!raw) return map;
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [from, to, ...rest] = part.split('=').map((s) => s.trim());
    if (!from || !to || rest.length > 0) return `"${part}" is not <location>=<channel location>`;
    map[from] = to;
  }
  return map;
}
