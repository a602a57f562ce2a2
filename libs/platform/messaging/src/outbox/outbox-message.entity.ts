import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import type { CloudEvent } from '@retail/contracts';

/**
 * One event waiting to be (or already) relayed to JetStream. Written in the same transaction as
 * the state change it announces; `id` is the event id and the `Nats-Msg-Id` of every publish.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['position'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Insertion order (bigserial): the relay publishes in this order. */
  @Column({ type: 'bigint', insert: false, update: false, unique: true })
  @Generated('increment')
  position: string;

  /** Logical subject (the event type plus any partition token), without namespace. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  type: string;

  /** The full CloudEvent as published. */
  @Column({ type: 'jsonb' })
  payload: CloudEvent;

  @Column({ type: 'jsonb', default: {} })
  headers: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
