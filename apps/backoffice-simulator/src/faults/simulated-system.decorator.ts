import { SetMetadata } from '@nestjs/common';
import { SimulatedSystem } from './fault-config';

export const SIMULATED_SYSTEM = 'backoffice-simulator:system';

/** Marks a controller as one stand-in system: its routes pass through the fault layer. */
export const Simulates = (system: SimulatedSystem) => SetMetadata(SIMULATED_SYSTEM, system);
