import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A node of the location hierarchy (any depth; cycles are refused on write). */
@Entity({ name: 'location' })
export class LocationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  type: string;

  @Index('idx_location_parent')
  @Column({ type: 'varchar', length: 64, nullable: true })
  parentId: string | null;

  @Column({ type: 'jsonb' })
  capabilities: Record<string, boolean>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  erpLocationId: string | null;

  @Column({ type: 'bigint' })
  version: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
