import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A channel's SKU mapped to the canonical SKU. */
@Entity({ name: 'channel_mapping' })
export class ChannelMappingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  channel: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  channelSku: string;

  @Index('idx_channel_mapping_sku')
  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'bigint' })
  version: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
