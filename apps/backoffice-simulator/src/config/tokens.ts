/** Injection token of the {@link SimulatorConfig}. */
export const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');
