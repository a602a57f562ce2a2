import { DynamicModule, Module } from '@nestjs/common';
import {
  MasterDataReadModelModule,
  MasterDataReadModelTables1732700000000,
  READMODEL_ENTITIES,
} from '@retail/masterdata-readmodel';
import { AppOptions, ServiceModule } from '@retail/platform-service';
import { dependencyTargets, ReturnsConfig } from './config/env';
import { JobsTables1765000000000, JobsTraceparent1796900000000 } from '@retail/platform-jobs';
import { ReturnsTables1732800000000 } from './database/migrations/1732800000000-ReturnsTables';
import { ReturnStepsOnJobs1765200000000 } from './database/migrations/1765200000000-ReturnStepsOnJobs';
import { ReturnsByCorrelation1765300000000 } from './database/migrations/1765300000000-ReturnsByCorrelation';
import { RefundsByTime1765400000000 } from './database/migrations/1765400000000-RefundsByTime';
import { ReturnExchanges1766800000000 } from './database/migrations/1766800000000-ReturnExchanges';
import { RefundReconciliationRuns1767100000000 } from './database/migrations/1767100000000-RefundReconciliationRuns';
import { ReturnsModule } from './returns/returns.module';

/**
 * Entities and migrations of the returns schema. The returns tables are raw SQL (no entities);
 * the master-data read model brings its own.
 */
const persistence = {
  entities: [...READMODEL_ENTITIES],
  migrations: [
    MasterDataReadModelTables1732700000000,
    ReturnsTables1732800000000,
    JobsTables1765000000000,
    ReturnStepsOnJobs1765200000000,
    ReturnsByCorrelation1765300000000,
    RefundsByTime1765400000000,
    ReturnExchanges1766800000000,
    RefundReconciliationRuns1767100000000,
    JobsTraceparent1796900000000,
  ],
};

export const APP_OPTIONS: AppOptions = { title: 'Returns orchestration', persistence };

@Module({})
export class AppModule {
  static register(config: ReturnsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot(config, {
          ...persistence,
          dependencies: dependencyTargets(config),
        }),
        MasterDataReadModelModule.forRoot(),
        ReturnsModule,
      ],
    };
  }
}
