import 'reflect-metadata';
import { bootstrapService, runMain } from '@retail/platform-service';
import { APP_OPTIONS, AppModule } from './app.module';
import { DEFAULT_PORT, loadConfig } from './config/env';

runMain(async () => {
  const config = loadConfig();
  await bootstrapService(AppModule.register(config), config, {
    ...APP_OPTIONS,
    defaultPort: DEFAULT_PORT,
  });
});
