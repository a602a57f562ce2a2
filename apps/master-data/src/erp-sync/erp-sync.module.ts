import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { MasterDataConfig } from '../config/env';
import { ProductsModule } from '../products/products.module';
import { erpAdapterProviders } from './erp-adapter.provider';
import { ErpSyncController } from './erp-sync.http.controller';
import { ErpSyncRunner } from './erp-sync.runner';
import { ErpSyncScheduler } from './erp-sync.scheduler';
import { SyncStateStore } from './persistence/sync-state.store';
import { SessionLock } from '@retail/platform-persistence';

@Module({})
export class ErpSyncModule {
  static register(_config: MasterDataConfig): DynamicModule {
    return {
      module: ErpSyncModule,
      imports: [ScheduleModule.forRoot(), ProductsModule],
      controllers: [ErpSyncController],
      providers: [
        ...erpAdapterProviders,
        SyncStateStore,
        SessionLock,
        ErpSyncRunner,
        ErpSyncScheduler,
      ],
    };
  }
}
