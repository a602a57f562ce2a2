import { ChannelCredentials } from '../config/env';
import { Catalog } from '../store/catalog';
import { WebhookEvent } from '../webhooks/webhooks.service';
import { ChannelName, StoredOrder } from './channel';
import { OrderSeed } from './order-seed';

export interface ModelContext {
  credentials: ChannelCredentials;
  catalog: Catalog;
}

/** What is order-shaped about the webhooks a channel sends when its orders change. */
export type OrderChange = 'created' | 'updated' | 'cancelled';

/**
 * One channel's native order documents: built from the simulator's own templates (shaped like
 * the vendor's published examples), touched and cancelled as a change in the channel would.
 */
export interface OrderModel<T extends object = Record<string, unknown>> {
  readonly channel: ChannelName;
  build(seed: OrderSeed, ctx: ModelContext): { id: string; native: T };
  /** The id of an order a test supplies in native form (undefined: not an order of ours). */
  idOf(native: Record<string, unknown>): string | undefined;
  /** Sets the vendor's "last modified" fields. */
  touch(native: T, now: Date): void;
  cancel(native: T, now: Date): void;
  /** Channels that version their orders (Square) count every change. */
  revise?(native: T): void;
  /** The webhook the vendor sends for this change, if it sends one. */
  webhook?(change: OrderChange, order: StoredOrder<T>, ctx: ModelContext): WebhookEvent | undefined;
}
