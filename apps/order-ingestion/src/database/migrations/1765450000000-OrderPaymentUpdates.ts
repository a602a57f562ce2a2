import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment status and fraud decisions received for an order (ADR 0037): what each source said,
 * when it says it happened, and what the rule made of it. The newest applied `occurred_at` per
 * order and source is the watermark that makes an older update stale. Written only by the
 * payment-status module (PaymentUpdatesStore); no personal data.
 */
export class OrderPaymentUpdates1765450000000 implements MigrationInterface {
  name = 'OrderPaymentUpdates1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_payment_updates (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('payment', 'fraud')),
        source text NOT NULL,
        status text NOT NULL,
        occurred_at timestamptz NOT NULL,
        outcome text NOT NULL,
        reference text,
        cause text,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX order_payment_updates_watermark_idx
         ON order_payment_updates (order_id, kind, source, occurred_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS order_payment_updates`);
  }
}
