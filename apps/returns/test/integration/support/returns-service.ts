import { APP_OPTIONS, AppModule } from '../../../src/app.module';
import { loadConfig, ReturnsConfig } from '../../../src/config/env';

/** The returns service as `startTestService` boots it. */
export const RETURNS_SERVICE = {
  name: 'returns',
  schemaBase: 'returns',
  loadConfig,
  module: (c: ReturnsConfig) => AppModule.register(c),
  appOptions: APP_OPTIONS,
};
