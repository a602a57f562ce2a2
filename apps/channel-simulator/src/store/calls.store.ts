import { Inject, Injectable } from '@nestjs/common';
import { ChannelName } from '../channels/channel';
import { Clock, CLOCK } from '../config/tokens';

/** What the middleware asked a channel to do. */
export type CallKind = 'inventory' | 'shipment' | 'status' | 'refund';

export interface InventoryEffect {
  sku: string | null;
  /** The channel's own location key (Shopify location id, BigCommerce location id, ...). */
  location: string;
  quantity: number;
}

export interface RecordedCall {
  seq: number;
  channel: ChannelName;
  kind: CallKind;
  /** The vendor's operation name. */
  operation: string;
  at: string;
  method: string;
  path: string;
  body: unknown;
  /** Inventory: one entry per SKU and location set. Shipments and status: the order. */
  inventory?: InventoryEffect[];
  orderId?: string;
}

/**
 * Every outbound call the middleware made to a channel (inventory, shipments, status
 * changes), so tests can check what a channel holds. Cleared by /admin/reset.
 */
@Injectable()
export class CallsStore {
  private calls: RecordedCall[] = [];
  /** Merchants' own stock edits in a channel's admin (not calls of the middleware). */
  private edits: Array<{ channel: ChannelName; effect: InventoryEffect; seq: number; at: string }> =
    [];
  private seq = 0;

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  record(call: Omit<RecordedCall, 'seq' | 'at'>): RecordedCall {
    const recorded = { ...call, seq: ++this.seq, at: new Date(this.clock()).toISOString() };
    this.calls.push(recorded);
    return recorded;
  }

  list(filter: { channel?: ChannelName; kind?: CallKind; limit?: number }): RecordedCall[] {
    const matching = this.calls.filter(
      (c) =>
        (!filter.channel || c.channel === filter.channel) &&
        (!filter.kind || c.kind === filter.kind),
    );
    return matching.slice(-(filter.limit ?? 1000)).reverse();
  }

  /**
   * A merchant changes a figure in the channel's own admin: the channel shows it until the
   * middleware sets that SKU and location again (availability drift, for reconciliation).
   */
  edit(channel: ChannelName, effect: InventoryEffect): void {
    const at = new Date(this.clock()).toISOString();
    this.edits.push({ channel, effect, seq: ++this.seq, at });
  }

  /** The last quantity set per SKU and location, per channel: what each channel now shows. */
  availability(channel?: ChannelName) {
    const last = new Map<
      string,
      InventoryEffect & { channel: ChannelName; at: string; seq: number }
    >();
    const changes = [
      ...this.calls
        .filter((c) => c.kind === 'inventory')
        .flatMap((c) => (c.inventory ?? []).map((effect) => ({ ...c, effect }))),
      ...this.edits,
    ].sort((a, b) => a.seq - b.seq);
    for (const { channel: owner, effect, at, seq } of changes) {
      if (channel && owner !== channel) continue;
      last.set(`${owner}|${effect.sku ?? ''}|${effect.location}`, {
        channel: owner,
        ...effect,
        at,
        seq,
      });
    }
    return [...last.values()];
  }

  counts(channel: ChannelName): Record<CallKind, number> {
    const counts: Record<CallKind, number> = { inventory: 0, shipment: 0, status: 0, refund: 0 };
    for (const call of this.calls) if (call.channel === channel) counts[call.kind]++;
    return counts;
  }

  reset(): void {
    this.calls = [];
    this.edits = [];
  }
}
