import { DynamicModule, Module } from '@nestjs/common';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import type { InventoryConfig } from './config/env';

/** Entities and migrations of the inventory schema. */
const persistence = { entities: [], migrations: [] };

export const APP_OPTIONS: AppOptions = { title: 'Inventory availability', persistence };

@Module({})
export class AppModule {
  static register(config: InventoryConfig): DynamicModule {
    return { module: AppModule, imports: [ServiceModule.forRoot(config, persistence)] };
  }
}
