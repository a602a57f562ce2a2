import { DynamicModule, Module } from '@nestjs/common';
import { ConsoleApi } from './api/console-api';
import { LoginController } from './auth/login.controller';
import { SessionCodec } from './auth/session';
import type { OpsConsoleConfig } from './config/env';
import { HealthController } from './health.controller';
import { DeadLettersController } from './pages/dead-letters.controller';
import { OrdersController } from './pages/orders.controller';
import { OverviewController } from './pages/overview.controller';
import { ReconciliationController } from './pages/reconciliation.controller';
import { ReplayController } from './pages/replay.controller';
import { ReturnsController } from './pages/returns.controller';
import { TraceController } from './pages/trace.controller';
import { CONSOLE_CONFIG } from './tokens';

@Module({})
export class AppModule {
  static register(config: OpsConsoleConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        HealthController,
        LoginController,
        OverviewController,
        OrdersController,
        ReturnsController,
        DeadLettersController,
        ReplayController,
        ReconciliationController,
        TraceController,
      ],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: ConsoleApi, useValue: new ConsoleApi(config) },
        {
          provide: SessionCodec,
          useValue: new SessionCodec(config.sessionSecret, config.sessionTtlMs),
        },
      ],
    };
  }
}
