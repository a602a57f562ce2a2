import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appended dirty marks, and the feed of the in-memory availability view (ADR 0033): every change to a position, a channel's
 * hold or a rule set NOTIFYs `inventory_view` with `<schema> RS <sku> US <location>` (or
 * `<schema> RS rules`) when its transaction commits, whoever made it. PostgreSQL folds
 * identical notifications of one transaction into one, so a batch notifies each key once.
 */
export class AvailabilityView1765100000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_availability_view() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record;
      BEGIN
        IF TG_TABLE_NAME = 'allocation_rule_sets' THEN
          PERFORM pg_notify('inventory_view', TG_TABLE_SCHEMA || chr(30) || 'rules');
          RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
        PERFORM pg_notify('inventory_view',
                          TG_TABLE_SCHEMA || chr(30) || r.sku || chr(31) || r.location_id);
        RETURN NULL;
      END $$`);
    for (const table of ['positions', 'channel_reserved'])
      await q.query(
        `CREATE TRIGGER ${table}_view AFTER INSERT OR UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION notify_availability_view()`,
      );
    // Dirty marks are appended, never upserted: writers never wait on the flusher's claim.
    await q.query(`ALTER TABLE availability_dirty DROP CONSTRAINT availability_dirty_pkey`);
    await q.query(`ALTER TABLE availability_dirty ADD COLUMN id bigserial PRIMARY KEY`);
    await q.query(
      `CREATE TRIGGER allocation_rule_sets_view AFTER INSERT OR UPDATE OR DELETE
         ON allocation_rule_sets FOR EACH STATEMENT EXECUTE FUNCTION notify_availability_view()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM availability_dirty a USING availability_dirty b
                    WHERE a.sku = b.sku AND a.id > b.id`);
    await q.query(`ALTER TABLE availability_dirty DROP COLUMN id`);
    await q.query(`ALTER TABLE availability_dirty ADD PRIMARY KEY (sku)`);
    for (const table of ['positions', 'channel_reserved', 'allocation_rule_sets'])
      await q.query(`DROP TRIGGER IF EXISTS ${table}_view ON ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS notify_availability_view()`);
  }
}
