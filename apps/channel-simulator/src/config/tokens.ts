export const SIMULATOR_CONFIG = Symbol('CHANNEL_SIMULATOR_CONFIG');
export const CLOCK = Symbol('CHANNEL_SIMULATOR_CLOCK');
export const RANDOM = Symbol('CHANNEL_SIMULATOR_RANDOM');

/** Milliseconds since the epoch; injected so limiters and tests can share one clock. */
export type Clock = () => number;
