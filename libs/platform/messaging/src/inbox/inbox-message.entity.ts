import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One consumed message per consumer; the primary key is what makes a consumer idempotent. */
@Entity({ name: 'inbox' })
@Index('inbox_received_at_idx', ['receivedAt'])
export class InboxMessage {
  @PrimaryColumn({ type: 'text' })
  consumer: string;

  @PrimaryColumn({ name: 'message_id', type: 'text' })
  messageId: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
