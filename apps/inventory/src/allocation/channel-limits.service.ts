import { Injectable } from '@nestjs/common';
import type { AllocationRule } from '@retail/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { LocationDirectory } from '../locations/location-directory';
import { ChannelLimit, resolveLimit, UNLIMITED } from './domain/channel-limit';

export interface StoredRuleSet {
  channel: string;
  version: number;
  rules: AllocationRule[];
  updatedAt?: string;
}

/** A channel's allocation rules, resolved per stocking location through the hierarchy. */
@Injectable()
export class ChannelLimits {
  constructor(
    private readonly db: DataSource,
    private readonly directory: LocationDirectory,
  ) {}

  async ruleSet(channel: string, manager?: EntityManager): Promise<StoredRuleSet | undefined> {
    const rows: Array<{ version: number; rules: AllocationRule[]; updated_at: Date }> = await (
      manager ?? this.db
    ).query(`SELECT version, rules, updated_at FROM allocation_rule_sets WHERE channel = $1`, [
      channel,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      channel,
      version: row.version,
      rules: row.rules,
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async channelsWithRules(): Promise<string[]> {
    const rows: Array<{ channel: string }> = await this.db.query(
      `SELECT channel FROM allocation_rule_sets ORDER BY channel`,
    );
    return rows.map((r) => r.channel);
  }

  /** The limit of `channel` at each location. */
  async limitsFor(channel: string, locationIds: string[]): Promise<Map<string, ChannelLimit>> {
    return this.limitsFrom((await this.ruleSet(channel))?.rules ?? [], locationIds);
  }

  /** The limit of a rule set at each location (the hierarchy from the directory's cache). */
  async limitsFrom(
    rules: AllocationRule[],
    locationIds: string[],
  ): Promise<Map<string, ChannelLimit>> {
    if (rules.length === 0) return new Map(locationIds.map((id) => [id, UNLIMITED]));
    const ancestries = await this.directory.ancestries(locationIds);
    return new Map(locationIds.map((id) => [id, resolveLimit(rules, ancestries.get(id) ?? [id])]));
  }
}
