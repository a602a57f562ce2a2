import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local copy of a channel SKU mapping. */
@Entity({ name: 'readmodel_channel_mapping' })
export class ReadModelChannelMapping {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  channel: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  channelSku: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  /** 0 for 1.0 events without a version: those are ordered by `changed_at`. */
  @Column({ type: 'bigint' })
  version: string;

  @Column({ type: 'timestamptz' })
  changedAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  appliedAt: Date;
}
