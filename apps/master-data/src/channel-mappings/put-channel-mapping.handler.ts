import { Injectable } from '@nestjs/common';
import {
  CHANNEL_MAPPING_CHANGED_SUBJECT,
  type ChannelMapping,
  type ChannelMappingChangedEvent,
} from '@retail/contracts';
import { OutboxService } from '@retail/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { MasterDataException } from '../common/master-data.exception';
import { SELECT_MAPPING, type MappingRow } from './channel-mapping.queries';

// With a version: applies only when it is greater. Without: applies when the SKU differs and
// bumps the stored version (so read models can still order the events).
const UPSERT_VERSIONED = `INSERT INTO channel_mapping AS t (channel, channel_sku, sku, version)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (channel, channel_sku) DO UPDATE SET sku = EXCLUDED.sku,
    version = EXCLUDED.version, updated_at = now()
  WHERE t.version < EXCLUDED.version
  RETURNING t.version, (t.xmax = 0) AS inserted`;
const UPSERT_NEXT = `INSERT INTO channel_mapping AS t (channel, channel_sku, sku, version)
  VALUES ($1, $2, $3, 1)
  ON CONFLICT (channel, channel_sku) DO UPDATE SET sku = EXCLUDED.sku,
    version = t.version + 1, updated_at = now()
  WHERE t.sku <> EXCLUDED.sku
  RETURNING t.version, (t.xmax = 0) AS inserted`;

export interface MappingResource {
  channel: string;
  channelSku: string;
  sku: string;
  version: number;
}

/** `PUT /v1/channel-mappings/{channel}/{channelSku}`. */
@Injectable()
export class PutChannelMappingHandler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  execute(channel: string, channelSku: string, body: ChannelMapping) {
    return this.db.transaction(async (m) => {
      const versioned = body.version !== undefined;
      const rows: Array<{ version: string; inserted: boolean }> = await m.query(
        versioned ? UPSERT_VERSIONED : UPSERT_NEXT,
        [channel, channelSku, body.sku, ...(versioned ? [body.version] : [])],
      );
      if (rows.length === 0) return this.notApplied(m, channel, channelSku, body.version);
      const mapping = { channel, channelSku, sku: body.sku, version: Number(rows[0].version) };
      const data: ChannelMappingChangedEvent = { ...mapping, changedAt: new Date().toISOString() };
      await this.outbox.enqueue(m, {
        type: CHANNEL_MAPPING_CHANGED_SUBJECT,
        subject: `${channel}/${channelSku}`,
        data,
      });
      return { created: rows[0].inserted, changed: true, mapping };
    });
  }

  private async notApplied(m: EntityManager, channel: string, sku: string, version?: number) {
    const [row]: MappingRow[] = await m.query(SELECT_MAPPING, [channel, sku]);
    if (version !== undefined) {
      throw MasterDataException.stale(`mapping ${channel}/${sku}`, version, Number(row.version));
    }
    const mapping: MappingResource = {
      channel,
      channelSku: sku,
      sku: row.sku,
      version: Number(row.version),
    };
    return { created: false, changed: false, mapping };
  }
}
