import { Injectable } from '@nestjs/common';
import { MasterDataReadModel } from '@retail/masterdata-readmodel';
import { LocationDirectory } from '../locations/location-directory';

export interface ErpKey {
  itemId: string;
  locationId: string;
}

/**
 * Our (sku, location) to the ERP's (item, location), from the master-data read model. Unknown
 * products and locations map to their own ids, so posting never stalls on missing master data
 * (reconciliation then shows where the ERP disagrees).
 */
@Injectable()
export class ErpItemMapper {
  constructor(
    private readonly readModel: MasterDataReadModel,
    private readonly directory: LocationDirectory,
  ) {}

  async map(refs: Array<{ sku: string; locationId: string }>): Promise<ErpKey[]> {
    const products = await this.readModel.getProducts([...new Set(refs.map((r) => r.sku))]);
    const locations = new Map<string, string>();
    for (const id of new Set(refs.map((r) => r.locationId))) {
      locations.set(id, await this.directory.erpLocationId(id));
    }
    return refs.map((r) => ({
      itemId: products.get(r.sku)?.erpItemId ?? r.sku,
      locationId: locations.get(r.locationId)!,
    }));
  }
}
