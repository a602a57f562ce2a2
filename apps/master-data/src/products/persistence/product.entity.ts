import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A product of the item master; `version` only ever grows (stale writes are refused). */
@Entity({ name: 'product' })
export class ProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 14, nullable: true })
  gtin: string | null;

  @Index('idx_product_erp_item')
  @Column({ type: 'varchar', length: 64 })
  erpItemId: string;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'boolean' })
  serialTracked: boolean;

  @Column({ type: 'boolean' })
  lotTracked: boolean;

  @Column({ type: 'boolean' })
  returnable: boolean;

  @Column({ type: 'integer' })
  returnWindowDays: number;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  restockingFeePercent: string;

  /** bigint: sources may use timestamps as versions. */
  @Column({ type: 'bigint' })
  version: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
