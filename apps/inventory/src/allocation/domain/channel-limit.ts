import type { AllocationRule } from '@retail/contracts';
import type { PositionState } from '../../movements/domain/position-state';

/** What one channel may sell at one position: a share of the stock and a safety stock. */
export interface ChannelLimit {
  sharePercent: number;
  safetyStock: number;
}

export const UNLIMITED: ChannelLimit = { sharePercent: 100, safetyStock: 0 };

/**
 * The rule that governs a location: the one on the location itself, else on its nearest
 * ancestor whose rule covers descendants, else the network-wide rule (no locationId).
 * `ancestry` is the location first, then its parent, up to the root.
 */
export function resolveLimit(rules: AllocationRule[], ancestry: string[]): ChannelLimit {
  for (let depth = 0; depth < ancestry.length; depth++) {
    const rule = rules.find(
      (r) => r.locationId === ancestry[depth] && (depth === 0 || r.includeDescendants !== false),
    );
    if (rule) return toLimit(rule);
  }
  const network = rules.find((r) => r.locationId === undefined);
  return network ? toLimit(network) : UNLIMITED;
}

function toLimit(rule: AllocationRule): ChannelLimit {
  return { sharePercent: rule.sharePercent ?? 100, safetyStock: rule.safetyStock ?? 0 };
}

/**
 * Units a channel may still sell at a position. Two bounds, both needed:
 * - the shared pool: on-hand less every channel's reservations and the safety stock, so that
 *   two channels can never sell the same unit;
 * - the channel's own cap: its share of the (on-hand less safety) stock less what it already
 *   holds, so that one channel cannot drain stock promised to others.
 */
export function channelAvailable(
  position: PositionState,
  channelReserved: number,
  limit: ChannelLimit,
): number {
  const sellable = Math.max(0, position.onHand - limit.safetyStock);
  const cap = Math.floor((sellable * limit.sharePercent) / 100);
  const pool = position.onHand - position.reserved - limit.safetyStock;
  return Math.max(0, Math.min(pool, cap - channelReserved));
}
