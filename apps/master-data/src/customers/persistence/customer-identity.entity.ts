import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A customer's id in one channel (deleted on erasure). */
@Entity({ name: 'customer_identity' })
export class CustomerIdentityEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  channel: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  channelCustomerId: string;

  @Index('idx_customer_identity_customer')
  @Column({ type: 'varchar', length: 64 })
  customerId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
