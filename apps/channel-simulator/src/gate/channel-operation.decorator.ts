import { SetMetadata } from '@nestjs/common';
import { ChannelName } from '../channels/channel';

export const CHANNEL_OPERATION = 'channel-simulator:operation';

export interface OperationMeta {
  channel: ChannelName;
  /** The vendor's operation name (getOrders, inventory_levels/set, ...), the stats key. */
  operation: string;
  /** false for the authorization servers themselves (token endpoints). */
  authenticated: boolean;
}

/** Marks a route as one vendor operation: it passes the gate (faults, auth, vendor limits). */
export const ChannelOperation = (
  channel: ChannelName,
  operation: string,
  options: { authenticated?: boolean } = {},
) =>
  SetMetadata(CHANNEL_OPERATION, {
    channel,
    operation,
    authenticated: options.authenticated ?? true,
  } satisfies OperationMeta);
