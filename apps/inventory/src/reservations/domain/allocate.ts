import type { ReservationAllocation, ReservationStatus } from '@retail/contracts';

export interface Candidate {
  locationId: string;
  /** What the channel may still take there. */
  available: number;
}

/**
 * Chooses where to hold `quantity` units: the location with the most available first (so a
 * line is served whole from one location whenever one can), then the next, splitting the line
 * only when no single location can serve it. Ties go to the lower location id (deterministic).
 */
export function allocate(quantity: number, candidates: Candidate[]): ReservationAllocation[] {
  const ordered = candidates
    .filter((c) => c.available > 0)
    .sort((a, b) => b.available - a.available || a.locationId.localeCompare(b.locationId));
  const allocations: ReservationAllocation[] = [];
  let left = quantity;
  for (const c of ordered) {
    if (left === 0) break;
    const take = Math.min(left, c.available);
    allocations.push({ locationId: c.locationId, quantity: take });
    left -= take;
  }
  return allocations;
}

export function statusOf(
  requested: number,
  allocations: ReservationAllocation[],
): ReservationStatus {
  const held = allocations.reduce((sum, a) => sum + a.quantity, 0);
  if (held === 0) return 'backordered';
  return held >= requested ? 'reserved' : 'partial';
}
