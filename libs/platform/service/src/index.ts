// First: tracing patches http and pg before anything below loads them.
import './instrument';

export * from './service.module';
export * from './bootstrap';
export * from './config';
export * from './health.controller';
export * from './service-dependencies';
export * from './openapi';
