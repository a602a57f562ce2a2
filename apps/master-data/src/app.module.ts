import { DynamicModule, Module } from '@nestjs/common';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import { ChannelMappingsModule } from './channel-mappings/channel-mappings.module';
import type { MasterDataConfig } from './config/env';
import { CustomersModule } from './customers/customers.module';
import { MASTER_DATA_ENTITIES } from './database/entities';
import { MasterDataTables1764200000000 } from './database/migrations/1764200000000-MasterDataTables';
import { CustomerMatchAnswers1796533200000 } from './database/migrations/1796533200000-CustomerMatchAnswers';
import { CustomerErasureCompletions1796573400000 } from './database/migrations/1796573400000-CustomerErasureCompletions';
import { ErpSyncModule } from './erp-sync/erp-sync.module';
import { LocationsModule } from './locations/locations.module';
import { ProductsModule } from './products/products.module';

/** Entities and migrations of the master_data schema. */
const persistence = {
  entities: MASTER_DATA_ENTITIES,
  migrations: [
    MasterDataTables1764200000000,
    CustomerMatchAnswers1796533200000,
    CustomerErasureCompletions1796573400000,
  ],
};

export const APP_OPTIONS: AppOptions = { title: 'Master data sync', persistence };

@Module({})
export class AppModule {
  static register(config: MasterDataConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot(config, persistence),
        ProductsModule,
        LocationsModule,
        ChannelMappingsModule,
        CustomersModule,
        ErpSyncModule.register(config),
      ],
    };
  }
}
