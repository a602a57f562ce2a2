import { IsInt, IsOptional, Min, Max } from 'class-validator';
import { IsId } from '../../common/v1/decorators';

/**
 * Maps a channel's SKU to the canonical SKU: the body of
 * `PUT /v1/channel-mappings/{channel}/{channelSku}`.
 */
export class ChannelMapping {
  /** The canonical SKU the channel SKU stands for. */
  @IsId(64)
  sku: string;

  /**
   * Monotonic version from the source (added in 1.1). When given it must be greater than the stored
   * one (else 409); when omitted master-data assigns the stored version + 1.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  version?: number;
}
