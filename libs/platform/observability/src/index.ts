export * from './request-context';
export * from './metrics';
export * from './logger';
export * from './redact';
export * from './trace-context';
export * from './tracing';
