import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'call_log' })
export class CallLogEntity {
  @PrimaryColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text' }) system: string;
  @Column({ type: 'text' }) method: string;
  @Column({ type: 'text' }) path: string;
  @Column({ type: 'integer' }) status: number;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  @Column({ name: 'duration_ms', type: 'integer' }) durationMs: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
