export * from './classify';
export * from './http-json-client';
export * from './fake-fetch';
export * from './dependency-errors';
export * from './dependency-metrics';
export * from './service-client';
export * from './key-check';
export * from './group-commit';
