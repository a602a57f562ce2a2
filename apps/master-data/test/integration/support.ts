import { DataSource } from 'typeorm';
import {
  settled,
  startTestService,
  TEST_ADMIN_KEY,
  type TestService,
} from '@retail/platform-testing';
import { APP_OPTIONS, AppModule } from '../../src/app.module';
import { loadConfig, type MasterDataConfig } from '../../src/config/env';

export const masterData = {
  name: 'master-data',
  schemaBase: 'master_data',
  loadConfig,
  module: (config: MasterDataConfig) => AppModule.register(config),
  appOptions: APP_OPTIONS,
};

export type MasterDataService = TestService<MasterDataConfig>;

export function startMasterData(env: Record<string, string> = {}): Promise<MasterDataService> {
  return startTestService(masterData, { HTTP_RATE_LIMIT_PER_MINUTE: '1000000', ...env });
}

export const admin = { 'x-api-key': TEST_ADMIN_KEY };

export function productBody(version: number, overrides: Record<string, unknown> = {}) {
  return {
    name: `Product v${version}`,
    erpItemId: 'ITEM-1',
    status: 'active',
    serialTracked: false,
    lotTracked: false,
    returnable: true,
    returnWindowDays: 30,
    restockingFeePercent: 5,
    version,
    ...overrides,
  };
}

export function locationBody(version: number, parentId?: string, type = 'store') {
  return {
    name: `Location v${version}`,
    type,
    ...(parentId ? { parentId } : {}),
    capabilities: { ship: true, pickup: true, shipFromStore: false, returns: true },
    version,
  };
}

export function db(svc: MasterDataService): DataSource {
  return svc.app.get(DataSource);
}

/** Events waiting in (or relayed from) the outbox, oldest first. */
export async function outboxEvents(svc: MasterDataService, type: string) {
  const rows: Array<{ payload: { subject: string; data: any } }> = await db(svc).query(
    'SELECT payload FROM outbox WHERE type = $1 ORDER BY position',
    [type],
  );
  return rows.map((r) => r.payload);
}

/** Waits until `ok` accepts the probe's value (20 s at most) and returns the last value. */
export const eventually = <T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
) => settled(probe, ok, timeoutMs, 100);
