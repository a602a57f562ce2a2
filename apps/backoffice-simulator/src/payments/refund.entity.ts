import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'refund' })
export class RefundEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash: string;
  @Column({ name: 'payment_reference', type: 'text' }) paymentReference: string;
  @Column({ type: 'bigint' }) amount: string;
  @Column({ type: 'text' }) currency: string;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason: string | null;
  @Column({ type: 'jsonb' }) response: Record<string, unknown>;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  @Column({ name: 'duplicate_count', type: 'integer' }) duplicateCount: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
