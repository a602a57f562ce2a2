import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `disposition`: goods leaving to a disposition partner; never shipped back as a confirmation. */
export type WmsRequestKind = 'fulfillment' | 'transfer' | 'disposition';

@Entity({ name: 'wms_request' })
export class WmsRequestEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) kind: WmsRequestKind;
  @Column({ name: 'request_id', type: 'text' }) requestId: string;
  @Column({ type: 'jsonb' }) body: Record<string, unknown>;
  @Column({ type: 'text' }) status: string;
  @Column({ name: 'ship_due_at', type: 'timestamptz', nullable: true }) shipDueAt: Date | null;
  @Column({ name: 'shipped_at', type: 'timestamptz', nullable: true }) shippedAt: Date | null;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  @Column({ name: 'duplicate_count', type: 'integer' }) duplicateCount: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'wms_shipment' })
export class WmsShipmentEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId: string;
  @Column({ name: 'wms_request_id', type: 'uuid' }) wmsRequestId: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ name: 'callback_url', type: 'text', nullable: true }) callbackUrl: string | null;
  @Column({ name: 'callback_headers', type: 'jsonb', nullable: true })
  callbackHeaders: Record<string, string> | null;
  @Column({ name: 'callback_body', type: 'jsonb', nullable: true }) callbackBody: unknown;
  @Column({ name: 'callback_status', type: 'text', nullable: true }) callbackStatus: string | null;
  @Column({ name: 'callback_attempts', type: 'integer' }) callbackAttempts: number;
  @Column({ name: 'next_callback_at', type: 'timestamptz', nullable: true })
  nextCallbackAt: Date | null;
  @Column({ name: 'last_callback_error', type: 'text', nullable: true }) lastCallbackError:
    string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
