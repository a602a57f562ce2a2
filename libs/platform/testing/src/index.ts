export * from './isolation';
export * from './test-service';
