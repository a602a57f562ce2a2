import { Injectable, OnModuleInit } from '@nestjs/common';
import { LocationView, MasterDataReadModel } from '@retail/masterdata-readmodel';

/** Hierarchies are shallow (network > region > store); a guard against bad data all the same. */
const MAX_DEPTH = 32;
/**
 * Replicas share the read-model consumer (one durable), so only the replica that applied a
 * change hears of it: entries also expire, bounding how long another replica uses an old tree.
 */
const CACHE_TTL_MS = 30_000;

/**
 * The location hierarchy as inventory needs it, from the master-data read model: subtrees for
 * availability scopes, ancestry for allocation rules, ERP ids for posting. Locations the read
 * model does not know (yet) stand alone: their subtree and ancestry are themselves.
 */
@Injectable()
export class LocationDirectory implements OnModuleInit {
  private readonly cache = new Map<string, { view: LocationView | null; at: number }>();

  constructor(private readonly readModel: MasterDataReadModel) {}

  onModuleInit(): void {
    this.readModel.onChange((change) => {
      if (change.entity === 'location') this.cache.clear();
    });
  }

  subtreeOf(locationId: string): Promise<string[]> {
    return this.readModel.subtreeOf(locationId);
  }

  /** The location, its parent, ... up to the root. */
  async ancestryOf(locationId: string): Promise<string[]> {
    const chain = [locationId];
    let current = await this.location(locationId);
    while (current?.parentId && chain.length < MAX_DEPTH && !chain.includes(current.parentId)) {
      chain.push(current.parentId);
      current = await this.location(current.parentId);
    }
    return chain;
  }

  async ancestries(locationIds: string[]): Promise<Map<string, string[]>> {
    const unique = [...new Set(locationIds)];
    const chains = await Promise.all(unique.map((id) => this.ancestryOf(id)));
    return new Map(unique.map((id, i) => [id, chains[i]]));
  }

  async erpLocationId(locationId: string): Promise<string> {
    return (await this.location(locationId))?.erpLocationId ?? locationId;
  }

  private async location(id: string): Promise<LocationView | null> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.view;
    const view = (await this.readModel.getLocation(id)) ?? null;
    this.cache.set(id, { view, at: Date.now() });
    return view;
  }
}
