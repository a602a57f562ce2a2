export * from './backoff';
export * from './job';
export * from './job-store';
export * from './job-worker';
export * from './jobs-listener';
export * from './jobs-runtime';
export * from './jobs-tables.migration';
export * from './wake-signal';
