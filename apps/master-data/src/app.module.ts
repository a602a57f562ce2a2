import { DynamicModule, Module } from '@nestjs/common';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import type { MasterDataConfig } from './config/env';

/** Entities and migrations of the master_data schema. */
const persistence = { entities: [], migrations: [] };

export const APP_OPTIONS: AppOptions = { title: 'Master data sync', persistence };

@Module({})
export class AppModule {
  static register(config: MasterDataConfig): DynamicModule {
    return { module: AppModule, imports: [ServiceModule.forRoot(config, persistence)] };
  }
}
