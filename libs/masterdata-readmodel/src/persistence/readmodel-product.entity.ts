import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local copy of a master-data product; only a newer `version` replaces a row. */
@Entity({ name: 'readmodel_product' })
export class ReadModelProduct {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 14, nullable: true })
  gtin: string | null;

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

  @Column({ type: 'timestamptz' })
  changedAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  appliedAt: Date;
}
