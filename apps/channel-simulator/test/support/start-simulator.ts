import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import { createSimulatorApp } from '../../src/app.factory';
import { SimulatorConfig, loadSimulatorConfig } from '../../src/config/env';

export interface RunningSimulator {
  app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  config: SimulatorConfig;
  stop(): Promise<void>;
}

/** Starts the simulator in-process on a random port (state is in memory: nothing to clean). */
export async function startSimulator(
  overrides: Partial<SimulatorConfig> = {},
  /** A fixed clock makes vendor limits exact: buckets neither leak nor refill. */
  clock?: () => number,
): Promise<RunningSimulator> {
  const config: SimulatorConfig = {
    ...loadSimulatorConfig({}),
    webhookRetryMs: 50,
    ...overrides,
    port: 0,
  };
  const app = await createSimulatorApp(config, { logger: false, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, config, stop: () => app.close() };
}
