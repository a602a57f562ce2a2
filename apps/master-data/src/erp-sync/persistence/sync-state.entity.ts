import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Progress of a cursor-paged pull (one row per sync, e.g. `erp-item-master`). The cursor is
 * written in the same transaction as the page's products, so a resumed run neither skips nor
 * repeats a page.
 */
@Entity({ name: 'sync_state' })
export class SyncStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  /** Cursor of the next page to fetch; null = start from the beginning. */
  @Column({ type: 'text', nullable: true })
  cursor: string | null;

  /** idle | running | completed | failed */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Pages and items applied by the current (or last) run, resumptions included. */
  @Column({ type: 'integer', default: 0 })
  pages: number;

  @Column({ type: 'integer', default: 0 })
  items: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
