import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbound_availability.pending_since`: when the oldest change not yet on the channel happened
 * (inventory's `changedAt` of the first figure since the channel last accepted the row). A push
 * carries every change since then, so its latency is measured from it: `changed_at` (the
 * newest change) would hide how long the first of a burst waited.
 */
export class AvailabilityPendingSince1796800000000 implements MigrationInterface {
  name = 'AvailabilityPendingSince1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_availability ADD COLUMN pending_since timestamptz`);
    await q.query(`UPDATE outbound_availability SET pending_since = LEAST(changed_at, queued_at)
                    WHERE pushed_version IS DISTINCT FROM version`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbound_availability DROP COLUMN pending_since');
  }
}
