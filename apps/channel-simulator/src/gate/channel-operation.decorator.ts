import { SetMetadata } from '@nestjs/common';
import { ChannelName } from '../channels/channel';

export const CHANNEL_OPERATION = 'channel-simulator:operation';

export interface OperationMeta {
  channel: ChannelName;
  /** The vendor's operation name (getOrders, inventory_levels/set, ...), the stats key. */
  operation: string;
  /** false for the authorization servers themselves (token endpoints). */
  authenticated: boolean;
  /**
   * Cost-limited operations (Shopify GraphQL): the request's calculated cost, the places it
   * takes from the limiter. Over the limit it is answered as the vendor does (THROTTLED), not 429.
   */
  cost?: (body: unknown) => number;
}

/** Marks a route as one vendor operation: it passes the gate (faults, auth, vendor limits). */
export const ChannelOperation = (
  channel: ChannelName,
  operation: string,
  options: { authenticated?: boolean; cost?: (body: unknown) => number } = {},
) =>
  SetMetadata(CHANNEL_OPERATION, {
    channel,
    operation,
    authenticated: options.authenticated ?? true,
    ...(options.cost ? { cost: options.cost } : {}),
  } satisfies OperationMeta);
