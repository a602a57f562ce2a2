import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound to the channels. Shipments, cancellations and acknowledgements are jobs of the
 * platform's durable-work table (`jobs`, one queue `outbound.<account>` per channel account,
 * ADR 0017), created here in channel-sync's schema. Availability is state, not a job per event:
 * `outbound_availability` holds, per account, channel SKU and channel location, the latest
 * quantity we want the channel to show (highest inventory sequence wins) and what the channel
 * last accepted, so a burst of events becomes one push of the last value; one job per account
 * (`availability`) drains the rows that differ. A row the channel refused keeps its answer.
 */
export class OutboundQueue1796600000000 implements MigrationInterface {
  name = 'OutboundQueue1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbound_availability (
        account text NOT NULL,
        channel_sku text NOT NULL,
        location text NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL,
        version bigint NOT NULL,
        changed_at timestamptz NOT NULL,
        queued_at timestamptz NOT NULL DEFAULT now(),
        pushed_version bigint,
        pushed_quantity integer,
        pushed_at timestamptz,
        refused text,
        refused_at timestamptz,
        PRIMARY KEY (account, channel_sku, location)
      )`);
    await q.query(`
      CREATE INDEX outbound_availability_due_idx ON outbound_availability (account, queued_at)
       WHERE pushed_version IS DISTINCT FROM version AND refused IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbound_availability');
  }
}
