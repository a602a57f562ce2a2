import { DynamicModule, Module } from '@nestjs/common';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import { ChannelSyncModule } from './channel-sync.module';
import { type ChannelSyncConfig, dependencyTargets } from './config/env';
import { ChannelSyncTables1796460694907 } from './database/migrations/1796460694907-ChannelSyncTables';

/** The channel_sync schema: raw-SQL tables (no entities), written by this service only. */
const persistence = { entities: [], migrations: [ChannelSyncTables1796460694907] };

export const APP_OPTIONS: AppOptions = { title: 'Channel sync', persistence };

@Module({})
export class AppModule {
  static register(config: ChannelSyncConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot(config, { ...persistence, dependencies: dependencyTargets(config) }),
        ChannelSyncModule,
      ],
    };
  }
}
