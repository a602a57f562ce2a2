import { describeServiceBoot } from '@retail/platform-testing';
import { APP_OPTIONS, AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/env';

describeServiceBoot({
  name: 'returns',
  schemaBase: 'returns',
  loadConfig,
  module: (config) => AppModule.register(config),
  appOptions: APP_OPTIONS,
});
