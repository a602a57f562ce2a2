import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'tax_quote' })
export class TaxQuoteEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'jsonb' }) request: unknown;
  @Column({ type: 'jsonb' }) response: unknown;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
