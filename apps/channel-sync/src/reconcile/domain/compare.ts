export interface ChannelSide {
  id: string;
  cancelled: boolean;
  status: string;
}

export interface OurSide {
  orderId: string;
  status: string;
}

export interface Mismatch {
  channelOrderId: string;
  orderId: string;
  channelStatus: string;
  status: string;
  /** Correctable here: cancelled in the channel, not in ours (forwarding it cancels ours). */
  correctable: boolean;
}

export interface Comparison<T extends ChannelSide> {
  missing: T[];
  mismatches: Array<Mismatch & { ref: T }>;
}

/**
 * Channel orders against ours: missing here, or cancelled on one side only (the one status
 * the channels and the canonical order share unambiguously).
 */
export function compareOrders<T extends ChannelSide>(
  channel: T[],
  ours: ReadonlyMap<string, OurSide>,
): Comparison<T> {
  const result: Comparison<T> = { missing: [], mismatches: [] };
  for (const ref of channel) {
    const known = ours.get(ref.id);
    if (!known) {
      result.missing.push(ref);
      continue;
    }
    const oursCancelled = known.status === 'cancelled';
    if (ref.cancelled === oursCancelled) continue;
    result.mismatches.push({
      ref,
      channelOrderId: ref.id,
      orderId: known.orderId,
      channelStatus: ref.status,
      status: known.status,
      correctable: ref.cancelled,
    });
  }
  return result;
}
