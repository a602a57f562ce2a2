import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Columns shared by the external-id keyed ERP transactions. */
abstract class ErpTransactionEntity {
  @PrimaryColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'external_id', type: 'text' }) externalId: string;
  @Column({ name: 'line_count', type: 'integer' }) lineCount: number;
  @Column({ type: 'jsonb' }) body: unknown;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  @Column({ name: 'repeat_count', type: 'integer' }) repeatCount: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity({ name: 'sales_order' })
export class SalesOrderEntity extends ErpTransactionEntity {
  @Column({ name: 'entity_id', type: 'text' }) entityId: string;
  @Column({ name: 'tran_date', type: 'date' }) tranDate: string;
  @Column({ type: 'text' }) currency: string;
  @Column({ name: 'location_id', type: 'text', nullable: true }) locationId: string | null;
  @Column({ type: 'text' }) status: string;
}

@Entity({ name: 'sales_order_cancellation' })
export class SalesOrderCancellationEntity {
  @PrimaryColumn({ name: 'sales_order_id', type: 'bigint' }) salesOrderId: string;
  @Column({ name: 'external_id', type: 'text' }) externalId: string;
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId: string | null;
  @Column({ name: 'repeat_count', type: 'integer' }) repeatCount: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity({ name: 'return_authorization' })
export class ReturnAuthorizationEntity extends ErpTransactionEntity {
  @Column({ name: 'created_from', type: 'text', nullable: true }) createdFrom: string | null;
}

@Entity({ name: 'credit_memo' })
export class CreditMemoEntity extends ErpTransactionEntity {
  @Column({ name: 'created_from', type: 'text', nullable: true }) createdFrom: string | null;
}

@Entity({ name: 'inventory_adjustment' })
export class InventoryAdjustmentEntity extends ErpTransactionEntity {
  @Column({ name: 'created_from', type: 'text', nullable: true }) createdFrom: string | null;
}

@Entity({ name: 'item' })
export class ItemEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'text' }) id: string;
  @Column({ name: 'item_id', type: 'text' }) itemId: string;
  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ name: 'upc_code', type: 'text', nullable: true }) upcCode: string | null;
  @Column({ name: 'base_price', type: 'numeric', nullable: true }) basePrice: string | null;
  @Column({ type: 'text', nullable: true }) currency: string | null;
  @Column({ name: 'is_inactive', type: 'boolean' }) isInactive: boolean;
  @Column({ name: 'last_modified', type: 'timestamptz' }) lastModified: Date;
}

@Entity({ name: 'on_hand' })
export class OnHandEntity {
  @PrimaryColumn({ name: 'item_id', type: 'text' }) itemId: string;
  @PrimaryColumn({ name: 'location_id', type: 'text' }) locationId: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export const ERP_ENTITIES = [
  SalesOrderEntity,
  SalesOrderCancellationEntity,
  ReturnAuthorizationEntity,
  CreditMemoEntity,
  InventoryAdjustmentEntity,
  ItemEntity,
  OnHandEntity,
];
