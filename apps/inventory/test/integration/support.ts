import {
  type InventoryMovement,
  movementRecordCommandSubject,
  type MovementType,
  partitionOf,
} from '@retail/contracts';
import { EventPublisher } from '@retail/platform-messaging';
import { startTestService, TEST_ADMIN_KEY, TestService } from '@retail/platform-testing';
import { DataSource } from 'typeorm';
import { APP_OPTIONS, AppModule } from '../../src/app.module';
import { InventoryConfig, loadConfig } from '../../src/config/env';

export const inventoryDef = {
  name: 'inventory',
  schemaBase: 'inventory',
  loadConfig,
  module: (config: InventoryConfig) => AppModule.register(config),
  appOptions: APP_OPTIONS,
};

export type Inventory = TestService<InventoryConfig>;

/** Boots inventory with its background workers slowed down, so tests drive them. */
export function startInventory(env: Record<string, string> = {}): Promise<Inventory> {
  return startTestService(inventoryDef, {
    HTTP_RATE_LIMIT_PER_MINUTE: '1000000',
    ERP_POST_INTERVAL_MS: '3600000',
    RESERVATION_SWEEP_INTERVAL_MS: '3600000',
    // A closed port: no order-ingestion here (never one another test run left on 3001).
    ORDERS_BASE_URL: 'http://127.0.0.1:9',
    ...env,
  });
}

/** Publishes a movement command on its partition's subject (as a stock source does). */
export function sendCommand(svc: Inventory, m: InventoryMovement) {
  return svc.app.get(EventPublisher).publish({
    type: movementRecordCommandSubject(
      partitionOf(m.sku, m.locationId, svc.config.env.INVENTORY_PARTITIONS),
    ),
    subject: `${m.sku}@${m.locationId}`,
    data: m,
  });
}

let counter = 0;
export function movement(
  type: MovementType,
  sourceSequence: number,
  quantity: number,
  over: Partial<InventoryMovement> = {},
): InventoryMovement {
  counter++;
  return {
    eventId: `ev-${process.pid}-${counter}`,
    source: 'wms-east',
    sourceSequence,
    occurredAt: new Date(Date.now() - 1000).toISOString(),
    type,
    sku: 'SKU-1',
    locationId: 'dc-1',
    quantity,
    ...over,
  };
}

export const admin = { 'x-api-key': TEST_ADMIN_KEY };

/** Replaces a channel's allocation rules (as admin); the answer must be 200. */
export function putAllocationRules(svc: Inventory, channel: string, rules: object[]) {
  return svc.http().put(`/v1/allocation-rules/${channel}`).set(admin).send({ rules }).expect(200);
}

export function postMovements(svc: Inventory, body: unknown) {
  return svc
    .http()
    .post('/v1/inventory/movements')
    .set(admin)
    .send(body as object);
}

export async function position(svc: Inventory, sku: string, locationId: string) {
  const res = await svc.http().get(`/v1/positions/${sku}`).set(admin).expect(200);
  return res.body.positions.find((p: { locationId: string }) => p.locationId === locationId);
}

/** Sum of each ledger delta column for one position (the ledger must explain the position). */
export async function ledgerSums(svc: Inventory, sku: string, locationId: string) {
  const [row] = await svc.app.get(DataSource).query(
    `SELECT COALESCE(sum(on_hand_delta), 0)::int AS "onHand", COALESCE(sum(reserved_delta), 0)::int AS reserved,
            COALESCE(sum(in_transit_delta), 0)::int AS "inTransit", COALESCE(sum(damaged_delta), 0)::int AS damaged
       FROM movements WHERE sku = $1 AND location_id = $2 AND status = 'applied'`,
    [sku, locationId],
  );
  return row as { onHand: number; reserved: number; inTransit: number; damaged: number };
}

export { settled as eventually } from '@retail/platform-testing';
