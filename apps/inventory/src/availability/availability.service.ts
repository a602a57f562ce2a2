import { Injectable } from '@nestjs/common';
import { DomainException } from '@retail/platform-http';
import type { Availability } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { ChannelLimit, channelAvailable } from '../allocation/domain/channel-limit';
import { ChannelLimits } from '../allocation/channel-limits.service';
import { LocationDirectory } from '../locations/location-directory';
import {
  HELD_POSITIONS_SELECT,
  HeldPosition,
  HeldPositionRow,
  toHeld,
} from '../positions/persistence/position.store';
import { AvailabilityView } from './view/availability-view';

type Loaded = HeldPosition;

/** The view is being (re)built: reads answer 503 with Retry-After until it is (ADR 0046). */
export class AvailabilityViewRebuilding extends DomainException {
  constructor() {
    super(
      'availability-view-rebuilding',
      503,
      'Availability is being loaded on this replica; retry shortly',
      { retryable: true, extensions: { retryAfterSeconds: 1 } },
    );
  }
}

/**
 * What a channel may sell per SKU, in a scope of the hierarchy (a node's subtree, or the whole
 * network). Reads (`forSkus`) are answered from the in-memory view only (ADR 0033, ADR 0046):
 * never from the database, 503 while the view is rebuilt. The coalesced events
 * (`forChannels`), which must never publish a figure older than the commit that marked the SKU,
 * read the database in ONE query whatever the number of SKUs.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly db: DataSource,
    private readonly limits: ChannelLimits,
    private readonly directory: LocationDirectory,
    private readonly view: AvailabilityView,
  ) {}

  async forSkus(skus: string[], channel: string, locationId?: string): Promise<Availability[]> {
    if (!this.view.ready) throw new AvailabilityViewRebuilding();
    const scope = locationId ? await this.directory.subtreeOf(locationId) : undefined;
    // Waits (at most 1 s) only for a local change the view has not re-read yet.
    await this.view.settled(skus);
    if (!this.view.ready) throw new AvailabilityViewRebuilding();
    const positions = this.view.positions(skus, scope);
    const rules = this.view.rulesOf(channel);
    return (
      await this.compute(skus, [channel], positions, (ids) => this.limits.limitsFrom(rules, ids))
    ).get(channel)!;
  }

  /** Availability of each SKU for each channel, network-wide (the coalesced events). */
  async forChannels(skus: string[], channels: string[]): Promise<Map<string, Availability[]>> {
    return this.compute(skus, channels, await this.load(skus, undefined));
  }

  private async compute(
    skus: string[],
    channels: string[],
    positions: Loaded[],
    limitsOf?: (locations: string[]) => Promise<Map<string, ChannelLimit>>,
  ): Promise<Map<string, Availability[]>> {
    const locations = [...new Set(positions.map((p) => p.locationId))];
    const result = new Map<string, Availability[]>();
    for (const channel of channels) {
      const limits = limitsOf
        ? await limitsOf(locations)
        : await this.limits.limitsFor(channel, locations);
      const bySku = new Map<string, Availability>(
        skus.map((sku) => [sku, { sku, channel, available: 0, byLocation: [] }]),
      );
      for (const p of positions) {
        const available = channelAvailable(p, p.byChannel[channel] ?? 0, limits.get(p.locationId)!);
        const entry = bySku.get(p.sku)!;
        entry.byLocation.push({ locationId: p.locationId, available });
        entry.available += available;
      }
      result.set(
        channel,
        skus.map((sku) => bySku.get(sku)!),
      );
    }
    return result;
  }

  private async load(skus: string[], scope: string[] | undefined): Promise<Loaded[]> {
    const rows: HeldPositionRow[] = await this.db.query(
      `${HELD_POSITIONS_SELECT}
        WHERE p.sku = ANY($1::varchar[]) AND ($2::varchar[] IS NULL OR p.location_id = ANY($2::varchar[]))
        ORDER BY p.sku, p.location_id`,
      [[...new Set(skus)], scope ?? null],
    );
    return rows.map(toHeld);
  }
}
