import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SeedItemDto, SeedItemsDto } from './admin.dto';

/** Fills the ERP item master (and optionally on-hand) so tests can page and reconcile. */
@Injectable()
export class SeedService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  seed(dto: SeedItemsDto): Promise<{ inserted: number; total: number }> {
    return this.db.transaction(async (manager) => {
      const explicit = dto.items ?? [];
      const generated = await generatedItems(
        manager,
        dto.count ?? 0,
        dto.prefix ?? 'SKU',
        dto.currency ?? 'EUR',
      );
      const items = [...explicit, ...generated];
      const inserted = await insertItems(manager, items, dto.currency ?? 'EUR');
      if (dto.onHand) await setOnHand(manager, items, dto.onHand.locationIds, dto.onHand.quantity);
      const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM item`);
      return { inserted, total };
    });
  }
}

async function generatedItems(
  manager: EntityManager,
  count: number,
  prefix: string,
  currency: string,
): Promise<SeedItemDto[]> {
  if (count === 0) return [];
  const [{ start }] = await manager.query(`SELECT count(*)::int + 1 AS start FROM item`);
  return Array.from({ length: count }, (_, index) => {
    const n = start + index;
    return {
      id: String(100_000 + n),
      sku: `${prefix}-${String(n).padStart(6, '0')}`,
      name: `Item ${n}`,
      gtin: String(4_000_000_000_000 + n),
      basePrice: 1000 + n,
      currency,
    };
  });
}

async function insertItems(
  manager: EntityManager,
  items: SeedItemDto[],
  currency: string,
): Promise<number> {
  if (items.length === 0) return 0;
  const rows: unknown[] = await manager.query(
    `INSERT INTO item (id, item_id, display_name, upc_code, base_price, currency, is_inactive)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::bool[])
     ON CONFLICT DO NOTHING RETURNING seq`,
    [
      items.map((i) => i.id),
      items.map((i) => i.sku),
      items.map((i) => i.name ?? i.sku),
      items.map((i) => i.gtin ?? null),
      // minor units -> decimal for NetSuite's price field (2-digit currencies in the seed)
      items.map((i) => (i.basePrice === undefined ? null : centsToDecimal(i.basePrice))),
      items.map((i) => i.currency ?? currency),
      items.map((i) => i.inactive ?? false),
    ],
  );
  return rows.length;
}

async function setOnHand(
  manager: EntityManager,
  items: SeedItemDto[],
  locations: string[],
  quantity: number,
) {
  const pairs = items.flatMap((item) => locations.map((location) => [item.id, location]));
  if (pairs.length === 0) return;
  await manager.query(
    `INSERT INTO on_hand (item_id, location_id, quantity)
     SELECT item_id, location_id, $3 FROM unnest($1::text[], $2::text[]) AS t(item_id, location_id)
     ON CONFLICT (item_id, location_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1]), quantity],
  );
}

function centsToDecimal(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
