import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** One Idempotency-Key as seen from one principal (keys are scoped to the caller). */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_created_at', ['createdAt'])
@Check('idempotency_keys_state_check', "state IN ('in_flight', 'completed')")
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'text' })
  principal: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  /** sha256 of method, route and canonical body: a different request under the same key is 422. */
  @Column({ type: 'text' })
  fingerprint: string;

  @Column({ type: 'text' })
  state: 'in_flight' | 'completed';

  /** An in-flight claim whose owner crashed may be taken over after this instant. */
  @Column({ type: 'timestamptz' })
  lockedUntil: Date;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'json', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
