import { IsInt, IsOptional, Min } from 'class-validator';
import { IsChannel, IsId, IsTimestamp } from '../../common/v1/decorators';
import { SUBJECTS } from '../../subjects';

/** Subject of {@link ChannelMappingChangedEvent}. */
export const CHANNEL_MAPPING_CHANGED_SUBJECT = SUBJECTS.CHANNEL_MAPPING_CHANGED;

/**
 * `retail.masterdata.v1.channel-mapping.changed` (subject = `<channel>/<channelSku>`): a channel
 * SKU now maps to `sku`. Orders held in `exception` for that channel SKU are re-processed.
 */
export class ChannelMappingChangedEvent {
  /** The channel. */
  @IsChannel()
  channel: string;

  /** The channel's SKU. */
  @IsId()
  channelSku: string;

  /** The canonical SKU. */
  @IsId(64)
  sku: string;

  /**
   * The mapping's version after the change (added in 1.1): read models keep the highest. Absent
   * in 1.0 events, which read models order by `changedAt`.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;

  /** When it changed. */
  @IsTimestamp()
  changedAt: string;
}
