import { describeServiceBoot } from '@retail/platform-testing';
import { APP_OPTIONS, AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/env';

describeServiceBoot({
  name: 'inventory',
  schemaBase: 'inventory',
  loadConfig,
  module: (config) => AppModule.register(config),
  appOptions: APP_OPTIONS,
});
