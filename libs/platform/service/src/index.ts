export * from './service.module';
export * from './bootstrap';
export * from './config';
export * from './health.controller';
export * from './service-dependencies';
export * from './openapi';
