import { Injectable } from '@nestjs/common';
import type { Availability } from '@retail/contracts';
import { DataSource } from 'typeorm';
import { channelAvailable } from '../allocation/domain/channel-limit';
import { ChannelLimits } from '../allocation/channel-limits.service';
import { LocationDirectory } from '../locations/location-directory';
import { PositionState } from '../movements/domain/position-state';

interface Row {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  in_transit: number;
  damaged: number;
  by_channel: Record<string, number>;
}

type Loaded = PositionState & { byChannel: Record<string, number> };

/**
 * What a channel may sell per SKU, in a scope of the hierarchy (a node's subtree, or the whole
 * network). However many SKUs are asked for, the positions come from ONE query.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly db: DataSource,
    private readonly limits: ChannelLimits,
    private readonly directory: LocationDirectory,
  ) {}

  async forSkus(skus: string[], channel: string, locationId?: string): Promise<Availability[]> {
    const scope = locationId ? await this.directory.subtreeOf(locationId) : undefined;
    const positions = await this.load(skus, scope);
    return (await this.compute(skus, [channel], positions)).get(channel)!;
  }

  /** Availability of each SKU for each channel, network-wide (the coalesced events). */
  async forChannels(skus: string[], channels: string[]): Promise<Map<string, Availability[]>> {
    return this.compute(skus, channels, await this.load(skus, undefined));
  }

  private async compute(
    skus: string[],
    channels: string[],
    positions: Loaded[],
  ): Promise<Map<string, Availability[]>> {
    const locations = [...new Set(positions.map((p) => p.locationId))];
    const result = new Map<string, Availability[]>();
    for (const channel of channels) {
      const limits = await this.limits.limitsFor(channel, locations);
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
    const rows: Row[] = await this.db.query(
      `SELECT p.sku, p.location_id, p.on_hand, p.reserved, p.in_transit, p.damaged,
              COALESCE((SELECT jsonb_object_agg(cr.channel, cr.reserved) FROM channel_reserved cr
                         WHERE cr.sku = p.sku AND cr.location_id = p.location_id), '{}') AS by_channel
         FROM positions p
        WHERE p.sku = ANY($1::varchar[]) AND ($2::varchar[] IS NULL OR p.location_id = ANY($2::varchar[]))
        ORDER BY p.sku, p.location_id`,
      [[...new Set(skus)], scope ?? null],
    );
    return rows.map((r) => ({
      sku: r.sku,
      locationId: r.location_id,
      onHand: r.on_hand,
      reserved: r.reserved,
      inTransit: r.in_transit,
      damaged: r.damaged,
      byChannel: r.by_channel,
    }));
  }
}
