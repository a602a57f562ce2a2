import { Inject, Injectable } from '@nestjs/common';
import { ChannelName } from '../channels/channel';
import { Clock, CLOCK } from '../config/tokens';

/** What the middleware asked a channel to do. */
export type CallKind = 'inventory' | 'shipment' | 'status';

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

  /** The last quantity set per SKU and location, per channel: what each channel now shows. */
  availability(channel?: ChannelName) {
    const last = new Map<
      string,
      InventoryEffect & { channel: ChannelName; at: string; seq: number }
    >();
    for (const call of this.calls) {
      if (call.kind !== 'inventory' || (channel && call.channel !== channel)) continue;
      for (const effect of call.inventory ?? []) {
        const key = `${call.channel}|${effect.sku ?? ''}|${effect.location}`;
        last.set(key, { channel: call.channel, ...effect, at: call.at, seq: call.seq });
      }
    }
    return [...last.values()];
  }

  counts(channel: ChannelName): Record<CallKind, number> {
    const counts: Record<CallKind, number> = { inventory: 0, shipment: 0, status: 0 };
    for (const call of this.calls) if (call.channel === channel) counts[call.kind]++;
    return counts;
  }

  reset(): void {
    this.calls = [];
  }
}
