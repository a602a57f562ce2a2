import { describeServiceBoot } from '@retail/platform-testing';
import { APP_OPTIONS, AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/env';

describeServiceBoot({
  name: 'order-ingestion',
  schemaBase: 'order_ingestion',
  loadConfig,
  module: (config) => AppModule.register(config),
  appOptions: APP_OPTIONS,
});
