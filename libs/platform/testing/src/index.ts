export * from './isolation';
export * from './test-service';
export * from './eventually';
