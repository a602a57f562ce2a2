import { DynamicModule, Module } from '@nestjs/common';
import {
  MasterDataReadModelModule,
  MasterDataReadModelTables1732700000000,
  READMODEL_ENTITIES,
} from '@retail/masterdata-readmodel';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import { dependencyTargets, type InventoryConfig } from './config/env';
import { InventorySchema1764200000000 } from './database/migrations/1764200000000-InventorySchema';
import { AvailabilityView1765100000000 } from './database/migrations/1765100000000-AvailabilityView';
import { InventoryModule } from './inventory.module';

/** Entities and migrations of the inventory schema (its own tables are mapped by raw SQL). */
const persistence = {
  entities: [...READMODEL_ENTITIES],
  migrations: [
    MasterDataReadModelTables1732700000000,
    InventorySchema1764200000000,
    AvailabilityView1765100000000,
  ],
};

export const APP_OPTIONS: AppOptions = { title: 'Inventory availability', persistence };

@Module({})
export class AppModule {
  static register(config: InventoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot(config, { ...persistence, dependencies: dependencyTargets(config) }),
        MasterDataReadModelModule.forRoot(),
        InventoryModule,
      ],
    };
  }
}
