import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Availability, AvailabilityChangedEvent, SUBJECTS } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { OutboxService } from '@retail/platform-messaging';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelLimits } from '../../allocation/channel-limits.service';
import { inventoryMetrics } from '../../common/metrics';
import { Periodic } from '../../common/periodic';
import { rowsOf } from '@retail/platform-persistence';
import type { InventoryConfig } from '../../config/env';
import { AvailabilityService } from '../availability.service';

const BATCH = 500;
const MAX_BATCHES_PER_RUN = 20;

interface Published {
  sku: string;
  channel: string;
  sequence: string;
  fingerprint: string;
}

/**
 * Coalesces availability changes: writers only append a dirty mark per SKU (never an upsert, so
 * they never wait on this worker); every AVAILABILITY_FLUSH_MS this worker claims marks (SKIP
 * LOCKED, so replicas split them), takes a per-SKU advisory lock (two replicas holding marks of
 * one SKU compute it one after the other, the later one from the later state), computes what
 * each channel may sell, and enqueues `availability.changed` only where the figures differ from
 * the last event. N movements on a SKU inside one window become at most one event per channel.
 * A mark appended after the claim is claimed by the next run, so no change goes unpublished.
 */
@Injectable()
export class AvailabilityFlusher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly periodic: Periodic;

  constructor(
    private readonly db: DataSource,
    private readonly availability: AvailabilityService,
    private readonly limits: ChannelLimits,
    private readonly outbox: OutboxService,
    @Inject(SERVICE_CONFIG) private readonly config: InventoryConfig,
  ) {
    this.periodic = new Periodic(
      'availability-flush',
      () => this.flush(),
      config.env.AVAILABILITY_FLUSH_MS,
    );
  }

  onApplicationBootstrap(): void {
    this.periodic.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.periodic.stop();
  }

  /** Flushes what is dirty now; returns the number of events enqueued. */
  async flush(): Promise<number> {
    let events = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const batch = await this.db.transaction((m) => this.flushBatch(m));
      events += batch.events;
      if (batch.claimed < BATCH) break;
    }
    return events;
  }

  private async flushBatch(manager: EntityManager): Promise<{ claimed: number; events: number }> {
    const claimed = rowsOf<{ sku: string }>(
      await manager.query(
        `DELETE FROM availability_dirty WHERE id IN (
         SELECT id FROM availability_dirty ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING sku`,
        [BATCH],
      ),
    );
    if (claimed.length === 0) return { claimed: 0, events: 0 };
    const skus = [...new Set(claimed.map((r) => r.sku))].sort();
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('inventory-availability:' || s))
         FROM unnest($1::varchar[]) AS s ORDER BY s`,
      [skus],
    );
    const byChannel = await this.availability.forChannels(skus, await this.channels());
    const previous = await this.previous(manager, skus);
    const drafts: AvailabilityChangedEvent[] = [];
    for (const items of byChannel.values()) {
      for (const item of items) {
        const draft = this.changed(item, previous.get(`${item.sku}|${item.channel}`));
        if (draft) drafts.push(draft);
      }
    }
    await this.record(manager, drafts);
    return { claimed: claimed.length, events: drafts.length };
  }

  private changed(
    item: Availability,
    last: Published | undefined,
  ): AvailabilityChangedEvent | undefined {
    const fingerprint = JSON.stringify([item.available, item.byLocation]);
    if (last?.fingerprint === fingerprint) return undefined;
    const sequence = last ? Number(last.sequence) + 1 : 1;
    return { ...item, sequence, changedAt: new Date().toISOString() };
  }

  private async previous(manager: EntityManager, skus: string[]): Promise<Map<string, Published>> {
    const rows: Published[] = await manager.query(
      `SELECT sku, channel, sequence::text AS sequence, fingerprint FROM availability_published
        WHERE sku = ANY($1::varchar[]) ORDER BY sku, channel FOR UPDATE`,
      [skus],
    );
    return new Map(rows.map((r) => [`${r.sku}|${r.channel}`, r]));
  }

  private async record(manager: EntityManager, drafts: AvailabilityChangedEvent[]): Promise<void> {
    if (drafts.length === 0) return;
    await manager.query(
      `INSERT INTO availability_published (sku, channel, sequence, fingerprint)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::bigint[], $4::text[])
       ON CONFLICT (sku, channel) DO UPDATE SET sequence = EXCLUDED.sequence,
         fingerprint = EXCLUDED.fingerprint, published_at = now()`,
      [
        drafts.map((d) => d.sku),
        drafts.map((d) => d.channel),
        drafts.map((d) => d.sequence),
        drafts.map((d) => JSON.stringify([d.available, d.byLocation])),
      ],
    );
    await this.outbox.enqueue<AvailabilityChangedEvent>(
      manager,
      drafts.map((data) => ({ type: SUBJECTS.AVAILABILITY_CHANGED, subject: data.sku, data })),
    );
    inventoryMetrics.availabilityEvents().inc(drafts.length);
  }

  private async channels(): Promise<string[]> {
    const configured = this.config.env.AVAILABILITY_CHANNELS.split(',').map((c) => c.trim());
    return [
      ...new Set([...configured.filter(Boolean), ...(await this.limits.channelsWithRules())]),
    ];
  }
}
