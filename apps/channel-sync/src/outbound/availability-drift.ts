import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConfiguredChannel } from '../channels/channel-clients';
import { channelSyncMetrics } from '../common/metrics';
import { OutboundAvailabilityStore } from './persistence/outbound-availability.store';
import { OutboundQueue } from './persistence/outbound-queue';

export interface AvailabilityDriftReport {
  /** Figures compared (our rows of the account). */
  checked: number;
  /** Where the channel shows something else than our latest figure. */
  drift: Array<{ channelSku: string; location: string; ours: number; channel: number | null }>;
  /** Rows queued again (0 on a dry run). */
  repushed: number;
}

/**
 * Compares what a channel displays with our latest figure per channel SKU and location (the
 * channel's read API; absent on a channel without one) and, unless a dry run, marks the drifting
 * rows pending so the account's availability job pushes them again. A figure still waiting to be
 * pushed is not drift.
 */
@Injectable()
export class AvailabilityDrift {
  constructor(
    private readonly db: DataSource,
    private readonly store: OutboundAvailabilityStore,
    private readonly queue: OutboundQueue,
  ) {}

  async check(
    { account, client }: ConfiguredChannel,
    dryRun: boolean,
  ): Promise<AvailabilityDriftReport | undefined> {
    if (!client.readAvailability) return undefined;
    const ours = (await this.store.all(this.db, account.channel)).filter(
      (r) => r.pushedQuantity !== null && r.pushedQuantity === r.quantity,
    );
    const shown = await client.readAvailability(
      ours.map((r) => ({ channelSku: r.channelSku, location: r.location })),
    );
    const channel = new Map(shown.map((s) => [`${s.channelSku}|${s.location}`, s.quantity]));
    const drift = ours
      .map((r) => ({
        channelSku: r.channelSku,
        location: r.location,
        ours: r.quantity,
        channel: channel.get(`${r.channelSku}|${r.location}`) ?? null,
      }))
      .filter((d) => d.channel !== d.ours);
    if (drift.length > 0)
      channelSyncMetrics.availabilityDrift().inc({ channel: account.channel }, drift.length);
    if (!dryRun && drift.length > 0)
      await this.db.transaction(async (m) => {
        await this.store.repush(m, account.channel, drift);
        await this.queue.availabilityDue(m, account.channel);
      });
    return { checked: ours.length, drift, repushed: dryRun ? 0 : drift.length };
  }
}
