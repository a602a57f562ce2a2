import { Inject, Injectable } from '@nestjs/common';
import {
  LOCATION_CHANGED_SUBJECT,
  type Location,
  type LocationChangedEvent,
} from '@retail/contracts';
import { SERVICE_CONFIG, type ServiceConfig } from '@retail/platform-config';
import { OutboxService } from '@retail/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { MasterDataException } from '../../common/master-data.exception';
import { masterDataMetrics } from '../../common/metrics';
import { ANCESTRY, SELECT_LOCATION, UPSERT_LOCATION } from '../persistence/location-sql';

const MAX_ANCESTORS = 100;

export interface PutLocationResult {
  created: boolean;
  location: Location & { id: string; ancestorIds: string[] };
}

/**
 * `PUT /v1/locations/{id}`. Hierarchy writes take one transaction-scoped advisory lock, so two
 * concurrent moves can never build a cycle between them (each sees the other's committed result).
 */
@Injectable()
export class PutLocationHandler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  execute(id: string, location: Location): Promise<PutLocationResult> {
    if (location.parentId === id) throw cycle(id, location.parentId);
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${this.config.schema}:location-hierarchy`,
      ]);
      const ancestorIds = await this.ancestorsFor(m, id, location.parentId);
      const rows: Array<{ inserted: boolean }> = await m.query(UPSERT_LOCATION, [
        id,
        location.name,
        location.type,
        location.parentId ?? null,
        JSON.stringify(location.capabilities),
        location.erpLocationId ?? null,
        location.version,
      ]);
      if (rows.length === 0) throw await this.stale(m, id, location.version);
      const data: LocationChangedEvent = {
        locationId: id,
        location,
        ancestorIds,
        changedAt: new Date().toISOString(),
      };
      await this.outbox.enqueue(m, { type: LOCATION_CHANGED_SUBJECT, subject: id, data });
      const outcome = rows[0].inserted ? 'created' : 'updated';
      masterDataMetrics.locationsChanged().inc({ outcome });
      return { created: rows[0].inserted, location: { id, ...location, ancestorIds } };
    });
  }

  /** Ancestors of the new node (root first); refuses a missing parent or a cycle. */
  private async ancestorsFor(m: EntityManager, id: string, parentId?: string) {
    if (!parentId) return [];
    const chain: Array<{ id: string }> = await m.query(ANCESTRY, [parentId]);
    if (chain.length === 0) {
      throw new MasterDataException('parent-not-found', 422, `parent ${parentId} does not exist`, [
        { field: 'parentId', message: `location ${parentId} does not exist` },
      ]);
    }
    const ids = chain.map((r) => r.id);
    if (ids.includes(id)) throw cycle(id, parentId);
    // location.changed carries at most MAX_ANCESTORS ancestor ids (contract); deeper would be
    // dead-lettered by every read model.
    if (ids.length > MAX_ANCESTORS) {
      throw new MasterDataException(
        'hierarchy-too-deep',
        422,
        `more than ${MAX_ANCESTORS} levels`,
        [
          {
            field: 'parentId',
            message: `the hierarchy may have at most ${MAX_ANCESTORS + 1} levels`,
          },
        ],
      );
    }
    return ids;
  }

  private async stale(m: EntityManager, id: string, version: number) {
    const [row]: Array<{ version: string }> = await m.query(SELECT_LOCATION, [id]);
    return MasterDataException.stale(`location ${id}`, version, Number(row?.version));
  }
}

function cycle(id: string, parentId: string): MasterDataException {
  return new MasterDataException(
    'hierarchy-cycle',
    422,
    `location ${id} cannot have ${parentId} as parent: that would make a cycle`,
    [{ field: 'parentId', message: `${parentId} is ${id} or one of its descendants` }],
  );
}
