import { Injectable } from '@nestjs/common';
import type { AllocationRuleSet } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { InventoryException } from '../../common/inventory.exception';
import { withTxRetry } from '../../common/transaction-retry';
import { AvailabilityView } from '../../availability/view/availability-view';
import { ChannelLimits, StoredRuleSet } from '../channel-limits.service';

/**
 * Replaces a channel's rules. The row lock makes concurrent PUTs apply one after the other; a
 * sent `version` must beat the stored one (optimistic concurrency), an omitted one is next.
 * Every SKU is marked dirty: what the channel may sell changed everywhere.
 */
@Injectable()
export class PutAllocationRulesHandler {
  constructor(
    private readonly db: DataSource,
    private readonly limits: ChannelLimits,
    private readonly view: AvailabilityView,
  ) {}

  async execute(channel: string, body: AllocationRuleSet): Promise<StoredRuleSet> {
    const stored = await withTxRetry(() => this.apply(channel, body));
    await this.view.reloadRules(); // this replica's reads use the new rules from the answer on
    return stored;
  }

  private apply(channel: string, body: AllocationRuleSet): Promise<StoredRuleSet> {
    return this.db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO allocation_rule_sets (channel, version, rules) VALUES ($1, 0, '[]')
         ON CONFLICT DO NOTHING`,
        [channel],
      );
      const [{ version: stored }] = await manager.query(
        `SELECT version FROM allocation_rule_sets WHERE channel = $1 FOR UPDATE`,
        [channel],
      );
      if (body.version !== undefined && body.version <= stored) {
        throw new InventoryException(
          'stale-version',
          409,
          `version ${body.version} is not greater than the stored version ${stored}`,
        );
      }
      const version = body.version ?? stored + 1;
      await manager.query(
        `UPDATE allocation_rule_sets SET version = $2, rules = $3::jsonb, updated_at = now()
          WHERE channel = $1`,
        [channel, version, JSON.stringify(body.rules.map((r) => ({ ...r })))],
      );
      await manager.query(
        `INSERT INTO availability_dirty (sku) SELECT DISTINCT sku FROM positions`,
      );
      return (await this.limits.ruleSet(channel, manager))!;
    });
  }
}
