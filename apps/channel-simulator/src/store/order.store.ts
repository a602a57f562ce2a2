import { Injectable } from '@nestjs/common';
import { CHANNELS, ChannelName, StoredOrder } from '../channels/channel';

/**
 * The channels' orders, in process memory (ADR 0019: the simulator is never killed in the
 * tests that kill the middleware, and 1,000s of orders fit easily). Order numbers only ever
 * grow, also across /admin/reset, so an order id is never reused in one simulator's life.
 */
@Injectable()
export class OrderStore {
  private orders = new Map<ChannelName, Map<string, StoredOrder>>();
  private readonly numbers = new Map<ChannelName, number>();
  private seq = 0;

  constructor() {
    this.reset();
  }

  nextNumber(channel: ChannelName): number {
    const n = (this.numbers.get(channel) ?? 0) + 1;
    this.numbers.set(channel, n);
    return n;
  }

  has(channel: ChannelName, id: string): boolean {
    return this.orders.get(channel)!.has(id);
  }

  add<T extends object>(channel: ChannelName, id: string, native: T, at: number): StoredOrder<T> {
    const stored: StoredOrder<T> = { id, native, createdAt: at, updatedAt: at, seq: ++this.seq };
    this.orders.get(channel)!.set(id, stored as unknown as StoredOrder);
    return stored;
  }

  get<T extends object = Record<string, unknown>>(
    channel: ChannelName,
    id: string,
  ): StoredOrder<T> | undefined {
    return this.orders.get(channel)!.get(id) as StoredOrder<T> | undefined;
  }

  all<T extends object = Record<string, unknown>>(channel: ChannelName): StoredOrder<T>[] {
    return [...this.orders.get(channel)!.values()] as unknown as StoredOrder<T>[];
  }

  count(channel: ChannelName): number {
    return this.orders.get(channel)!.size;
  }

  reset(): void {
    this.orders = new Map(CHANNELS.map((channel) => [channel, new Map()]));
  }
}

/** Sorts by a timestamp then insertion order, ascending or descending. */
export function byTime<T extends object>(
  key: (order: StoredOrder<T>) => number,
  direction: 'asc' | 'desc' = 'asc',
): (a: StoredOrder<T>, b: StoredOrder<T>) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => sign * (key(a) - key(b) || a.seq - b.seq);
}
