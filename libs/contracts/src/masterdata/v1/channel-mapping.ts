import { IsId } from '../../common/v1/decorators';

/**
 * Maps a channel's SKU to the canonical SKU: the body of
 * `PUT /v1/channel-mappings/{channel}/{channelSku}`.
 */
export class ChannelMapping {
  /** The canonical SKU the channel SKU stands for. */
  @IsId(64)
  sku: string;
}
