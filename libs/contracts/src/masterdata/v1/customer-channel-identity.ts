import { IsChannel, IsId } from '../../common/v1/decorators';

/** A customer's id in one channel. */
export class CustomerChannelIdentity {
  /** The channel. */
  @IsChannel()
  channel: string;

  /** The channel's customer id. */
  @IsId()
  channelCustomerId: string;
}
