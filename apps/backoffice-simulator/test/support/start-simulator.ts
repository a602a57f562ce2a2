import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import { createSimulatorApp } from '../../src/app.factory';
import { SimulatorConfig } from '../../src/config/env';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@retail/platform-testing';

export interface RunningSimulator {
  app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  schema: string;
  stop(): Promise<void>;
}

/** Starts the simulator in-process on a random port, on its own schema (dropped by stop). */
export async function startSimulator(
  overrides: Partial<SimulatorConfig> = {},
): Promise<RunningSimulator> {
  const databaseUrl = testDatabaseUrl();
  const schema = uniqueSchema('bo_sim');
  const config: SimulatorConfig = {
    port: 0,
    databaseUrl,
    schema,
    erpMaxConcurrency: 5,
    wmsShipmentDelayMs: null,
    wmsPollMs: 50,
    ...overrides,
  };
  const app = await createSimulatorApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    schema,
    async stop() {
      await app.close();
      await dropSchema(databaseUrl, schema);
    },
  };
}
