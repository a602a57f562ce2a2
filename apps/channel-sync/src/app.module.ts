import { ForwardedOrdersByOrderId1796700000000 } from './database/migrations/1796700000000-ForwardedOrdersByOrderId';
import { DynamicModule, Module } from '@nestjs/common';
import {
  MasterDataReadModelModule,
  MasterDataReadModelTables1732700000000,
  READMODEL_ENTITIES,
} from '@retail/masterdata-readmodel';
import { JobsTables1765000000000, JobsTraceparent1796900000000 } from '@retail/platform-jobs';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import { ChannelSyncModule } from './channel-sync.module';
import { type ChannelSyncConfig, dependencyTargets } from './config/env';
import { ChannelSyncTables1796460694907 } from './database/migrations/1796460694907-ChannelSyncTables';
import { OutboundQueue1796600000000 } from './database/migrations/1796600000000-OutboundQueue';
import { AvailabilityPendingSince1796800000000 } from './database/migrations/1796800000000-AvailabilityPendingSince';

/**
 * The channel_sync schema: its raw-SQL tables (no entities), written by this service only, the
 * platform's `jobs` table (outbound queues) and the master-data read model (channel SKU mappings).
 */
const persistence = {
  entities: [...READMODEL_ENTITIES],
  migrations: [
    MasterDataReadModelTables1732700000000,
    JobsTables1765000000000,
    ChannelSyncTables1796460694907,
    OutboundQueue1796600000000,
    ForwardedOrdersByOrderId1796700000000,
    AvailabilityPendingSince1796800000000,
    JobsTraceparent1796900000000,
  ],
};

export const APP_OPTIONS: AppOptions = { title: 'Channel sync', persistence };

@Module({})
export class AppModule {
  static register(config: ChannelSyncConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot(config, { ...persistence, dependencies: dependencyTargets(config) }),
        MasterDataReadModelModule.forRoot(),
        ChannelSyncModule,
      ],
    };
  }
}
