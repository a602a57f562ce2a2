export * from './stack';
export * from './master-data';
