import { DynamicModule, Module } from '@nestjs/common';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import type { OrderIngestionConfig } from './config/env';

/** Entities and migrations of the order_ingestion schema. */
const persistence = { entities: [], migrations: [] };

export const APP_OPTIONS: AppOptions = { title: 'Order ingestion', persistence };

@Module({})
export class AppModule {
  static register(config: OrderIngestionConfig): DynamicModule {
    return { module: AppModule, imports: [ServiceModule.forRoot(config, persistence)] };
  }
}
