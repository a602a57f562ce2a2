import { DynamicModule, Module } from '@nestjs/common';
import {
  MasterDataReadModelModule,
  MasterDataReadModelTables1732700000000,
  READMODEL_ENTITIES,
} from '@retail/masterdata-readmodel';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import { JobsTables1765000000000, JobsTraceparent1796900000000 } from '@retail/platform-jobs';
import { dependencyTargets, OrderIngestionConfig } from './config/env';
import { OrderIngestionTables1764200000000 } from './database/migrations/1764200000000-OrderIngestionTables';
import { OrderPipelineOnJobs1765000000001 } from './database/migrations/1765000000001-OrderPipelineOnJobs';
import { ErpLimitToGovernor1765100000000 } from './database/migrations/1765100000000-ErpLimitToGovernor';
import { OrdersByCorrelation1765300000000 } from './database/migrations/1765300000000-OrdersByCorrelation';
import { ErpCustomers1765500000000 } from './database/migrations/1765500000000-ErpCustomers';
import { OrderPaymentUpdates1765450000000 } from './database/migrations/1765450000000-OrderPaymentUpdates';
import { OrderReturns1767100000000 } from './database/migrations/1767100000000-OrderReturns';
import { OrdersModule, OrdersPorts } from './orders/orders.module';

/**
 * Entities and migrations of the order_ingestion schema. The order tables are mapped with raw
 * SQL (no entities), the master-data read model brings its own.
 */
const persistence = {
  entities: [...READMODEL_ENTITIES],
  migrations: [
    MasterDataReadModelTables1732700000000,
    OrderIngestionTables1764200000000,
    JobsTables1765000000000,
    OrderPipelineOnJobs1765000000001,
    ErpLimitToGovernor1765100000000,
    OrdersByCorrelation1765300000000,
    OrderPaymentUpdates1765450000000,
    ErpCustomers1765500000000,
    OrderReturns1767100000000,
    JobsTraceparent1796900000000,
  ],
};

export const APP_OPTIONS: AppOptions = { title: 'Order ingestion', persistence };

@Module({})
export class AppModule {
  /** `ports` replaces adapters to other systems (tests); production passes nothing. */
  static register(config: OrderIngestionConfig, ports: OrdersPorts = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot(config, {
          ...persistence,
          dependencies: dependencyTargets(config),
        }),
        MasterDataReadModelModule.forRoot(),
        OrdersModule.register(ports),
      ],
    };
  }
}
