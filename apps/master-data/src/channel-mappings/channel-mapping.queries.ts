import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface MappingRow {
  channel: string;
  channel_sku: string;
  sku: string;
  version: string;
}

export const SELECT_MAPPING = `SELECT channel, channel_sku, sku, version FROM channel_mapping
  WHERE channel = $1 AND channel_sku = $2`;

/** Read side of channel mappings. */
@Injectable()
export class ChannelMappingQueries {
  constructor(private readonly db: DataSource) {}

  async find(channel: string, channelSku: string) {
    const [row]: MappingRow[] = await this.db.query(SELECT_MAPPING, [channel, channelSku]);
    if (!row) return undefined;
    return { channel, channelSku, sku: row.sku, version: Number(row.version) };
  }
}
