import { Injectable } from '@nestjs/common';
import type { Location } from '@retail/contracts';
import { DataSource } from 'typeorm';
import {
  ANCESTRY,
  rowToLocation,
  SELECT_LOCATION,
  SUBTREE,
  type LocationRow,
} from './location-sql';

export type LocationResource = Location & { id: string; ancestorIds: string[] };

/** Read side of locations. */
@Injectable()
export class LocationQueries {
  constructor(private readonly db: DataSource) {}

  async find(id: string): Promise<LocationResource | undefined> {
    const [row]: LocationRow[] = await this.db.query(SELECT_LOCATION, [id]);
    if (!row) return undefined;
    const chain: Array<{ id: string }> = await this.db.query(ANCESTRY, [id]);
    const ancestorIds = chain.map((r) => r.id).filter((a) => a !== id);
    return { id, ...rowToLocation(row), ancestorIds };
  }

  async subtree(id: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(SUBTREE, [id]);
    return rows.map((r) => r.id);
  }
}
