export * from './request-context';
export * from './metrics';
export * from './logger';
export * from './redact';
