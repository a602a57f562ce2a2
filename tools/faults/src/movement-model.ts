import type { Rng } from './prng';

/**
 * The contract's movement semantics as a model, to predict the final on-hand of a position
 * after a duplicated and reordered delivery (F11/F12): per (source, sku, location), a repeated
 * eventId is a no-op; the snapshot with the highest sourceSequence sets on-hand; a delta counts
 * only if its sourceSequence is newer than that snapshot. Whatever the arrival order.
 */
export interface Movement {
  eventId: string;
  source: string;
  sourceSequence: number;
  occurredAt: string;
  type: 'receipt' | 'sale' | 'adjustment' | 'snapshot';
  sku: string;
  locationId: string;
  quantity: number;
}

const SIGN: Record<Exclude<Movement['type'], 'snapshot'>, number> = {
  receipt: 1,
  sale: -1,
  adjustment: 1,
};

/** Expected on-hand per `sku|location` (one source per position in our generator). */
export function expectedOnHand(movements: Movement[]): Map<string, number> {
  const unique = new Map(movements.map((m) => [`${m.source}|${m.eventId}`, m]));
  const byPosition = new Map<string, Movement[]>();
  for (const m of unique.values()) {
    const key = `${m.sku}|${m.locationId}`;
    byPosition.set(key, [...(byPosition.get(key) ?? []), m]);
  }
  const out = new Map<string, number>();
  for (const [key, list] of byPosition) out.set(key, onHandOf(list));
  return out;
}

function onHandOf(list: Movement[]): number {
  const snapshots = list.filter((m) => m.type === 'snapshot');
  const last = snapshots.sort((a, b) => b.sourceSequence - a.sourceSequence)[0];
  const floor = last?.sourceSequence ?? -Infinity;
  const deltas = list.filter((m) => m.type !== 'snapshot' && m.sourceSequence > floor);
  return (last?.quantity ?? 0) + deltas.reduce((acc, m) => acc + deltaOf(m), 0);
}

function deltaOf(m: Movement): number {
  if (m.type === 'snapshot') return 0;
  return SIGN[m.type] * m.quantity;
}

/**
 * A seeded stream of movements for `positions` positions: receipts, sales and signed
 * adjustments, with a snapshot somewhere in the middle of each sequence.
 */
export function generateMovements(
  rng: Rng,
  opts: { prefix: string; positions: number; perPosition: number; locationId: string },
): Movement[] {
  const out: Movement[] = [];
  for (let p = 0; p < opts.positions; p++) {
    const sku = `${opts.prefix}-MV-${String(p).padStart(3, '0')}`;
    const snapshotAt = rng.int(Math.floor(opts.perPosition / 3), opts.perPosition - 1);
    for (let seq = 1; seq <= opts.perPosition; seq++) {
      out.push(movementAt(rng, opts, sku, seq, seq === snapshotAt));
    }
  }
  return out;
}

function movementAt(
  rng: Rng,
  opts: { prefix: string; locationId: string },
  sku: string,
  seq: number,
  snapshot: boolean,
): Movement {
  const base = {
    eventId: `${sku}-${seq}`,
    source: `${opts.prefix.toLowerCase()}-wms`,
    sourceSequence: seq,
    occurredAt: new Date(Date.UTC(2026, 10, 20, 8, 0, seq)).toISOString(),
    sku,
    locationId: opts.locationId,
  };
  if (snapshot) return { ...base, type: 'snapshot', quantity: rng.int(20, 60) };
  const type = rng.pick(['receipt', 'receipt', 'sale', 'adjustment'] as const);
  const quantity = type === 'adjustment' ? rng.pick([-1, 1]) * rng.int(1, 3) : rng.int(1, 5);
  return { ...base, type, quantity };
}

/** Every movement delivered 1 to `maxCopies` times, in a seeded random order. */
export function duplicateAndReorder<T>(rng: Rng, items: T[], maxCopies: number): T[] {
  const copies = items.flatMap((m) => Array.from({ length: rng.int(1, maxCopies) }, () => m));
  return rng.shuffle(copies);
}
