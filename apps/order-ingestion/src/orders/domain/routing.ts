import type { FulfillmentType } from '@retail/contracts';

export interface RoutableLine {
  lineId: string;
  fulfillmentType: FulfillmentType;
  locationId?: string;
}

/** Lines that leave from one place in one way: one fulfilment instruction. */
export interface InstructionGroup {
  type: FulfillmentType;
  locationId?: string;
  lineIds: string[];
}

/**
 * Splits an order's lines into fulfilment instructions: a pickup line and a ship line of one
 * commercial order become two instructions; lines with the same way and location share one.
 * Groups keep the order of their first line, so the split is deterministic.
 */
export function routeLines(lines: RoutableLine[]): InstructionGroup[] {
  const groups = new Map<string, InstructionGroup>();
  for (const line of lines) {
    const key = `${line.fulfillmentType}\u001f${line.locationId ?? ''}`;
    const group = groups.get(key) ?? {
      type: line.fulfillmentType,
      ...(line.locationId ? { locationId: line.locationId } : {}),
      lineIds: [],
    };
    group.lineIds.push(line.lineId);
    groups.set(key, group);
  }
  return [...groups.values()];
}
