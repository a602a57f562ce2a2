import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A canonical customer. Personal data lives only in `email`, `phone`, `name` and the two match
 * keys; erasure nulls all five and keeps the pseudonymous id.
 */
@Entity({ name: 'customer' })
@Index('uq_customer_email_key', ['emailKey'], { unique: true, where: 'email_key IS NOT NULL' })
@Index('uq_customer_phone_key', ['phoneKey'], { unique: true, where: 'phone_key IS NOT NULL' })
export class CustomerEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** Normalised e-mail used to match (lowercase; gmail dots and +tags removed). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  emailKey: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** E.164-ish phone used to match (+ and digits only). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  phoneKey: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @Column({ type: 'boolean', default: false })
  erased: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @Column({ type: 'bigint' })
  version: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
