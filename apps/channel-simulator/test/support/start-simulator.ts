import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import { createSimulatorApp } from '../../src/app.factory';
import { SimulatorConfig, loadSimulatorConfig } from '../../src/config/env';
import { admin, credentialsFor } from './http';

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

/**
 * One simulator for the describe block, reset before each test, with fresh credentials (what
 * most specs need); read `ctx.sim` and `ctx.creds` inside the tests.
 */
export function simulatorPerSuite() {
  const ctx = {} as {
    sim: RunningSimulator;
    creds: Awaited<ReturnType<typeof credentialsFor>>;
  };
  beforeAll(async () => {
    ctx.sim = await startSimulator();
  });
  afterAll(async () => {
    await ctx.sim.stop();
  });
  beforeEach(async () => {
    await admin.reset(ctx.sim);
    ctx.creds = await credentialsFor(ctx.sim);
  });
  return ctx;
}
