export * from './stack';
export * from './master-data';
export * from './channel-orders';
export * from './orders';
export * from './returns';
