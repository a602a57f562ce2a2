import { DynamicModule, Module } from '@nestjs/common';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import type { ReturnsConfig } from './config/env';

/** Entities and migrations of the returns schema. */
const persistence = { entities: [], migrations: [] };

export const APP_OPTIONS: AppOptions = { title: 'Returns orchestration', persistence };

@Module({})
export class AppModule {
  static register(config: ReturnsConfig): DynamicModule {
    return { module: AppModule, imports: [ServiceModule.forRoot(config, persistence)] };
  }
}
