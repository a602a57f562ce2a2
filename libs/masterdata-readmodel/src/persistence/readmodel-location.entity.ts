import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Local copy of a master-data location; the hierarchy is walked through `parent_id`. */
@Entity({ name: 'readmodel_location' })
export class ReadModelLocation {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  type: string;

  @Index('idx_readmodel_location_parent')
  @Column({ type: 'varchar', length: 64, nullable: true })
  parentId: string | null;

  @Column({ type: 'jsonb' })
  capabilities: Record<string, boolean>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  erpLocationId: string | null;

  /** As the event said, root first; informative (subtrees are computed from parent_id). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  ancestorIds: string[];

  @Column({ type: 'bigint' })
  version: string;

  @Column({ type: 'timestamptz' })
  changedAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  appliedAt: Date;
}
