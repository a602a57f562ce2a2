import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from './admin/admin.module';
import { SimulatorConfig } from './config/env';
import { SIMULATOR_CONFIG } from './config/tokens';
import { SIMULATOR_ENTITIES, SIMULATOR_MIGRATIONS } from './database/entities';
import { ensureSchema } from '@retail/platform-persistence';
import { ErpModule } from './erp/erp.module';
import { FaultsModule } from './faults/faults.module';
import { HealthModule } from './health/health.module';
import { PaymentsModule } from './payments/payments.module';
import { TaxModule } from './tax/tax.module';
import { WmsModule } from './wms/wms.module';

/**
 * Interim wiring until @retail/platform-service's ServiceModule.forRoot takes over config,
 * TypeORM, health and metrics; the stand-in modules below stay as they are.
 */
@Module({})
export class AppModule {
  static forRoot(config: SimulatorConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await ensureSchema(config.databaseUrl, config.schema);
            return {
              type: 'postgres' as const,
              url: config.databaseUrl,
              schema: config.schema,
              extra: { options: `-c search_path=${config.schema}`, max: 20 },
              entities: SIMULATOR_ENTITIES,
              migrations: SIMULATOR_MIGRATIONS,
              migrationsRun: true,
              migrationsTableName: 'migrations',
              synchronize: false,
              logging: false,
            };
          },
        }),
        FaultsModule,
        HealthModule,
        ErpModule,
        WmsModule,
        PaymentsModule,
        TaxModule,
        AdminModule,
      ],
      providers: [{ provide: SIMULATOR_CONFIG, useValue: config }],
      exports: [SIMULATOR_CONFIG],
    };
  }
}
