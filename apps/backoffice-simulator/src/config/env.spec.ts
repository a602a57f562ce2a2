import { loadSimulatorConfig } from './env';

describe('loadSimulatorConfig', () => {
  it('defaults to port 3099, schema backoffice_simulator and an ERP limit of 5', () => {
    const sut = loadSimulatorConfig({});

    expect(sut).toMatchObject({
      port: 3099,
      schema: 'backoffice_simulator',
      erpMaxConcurrency: 5,
      wmsShipmentDelayMs: null,
    });
  });

  it('accepts "none" for no limit and lists every bad variable', () => {
    expect(loadSimulatorConfig({ ERP_SIM_MAX_CONCURRENCY: 'none' }).erpMaxConcurrency).toBeNull();
    expect(() =>
      loadSimulatorConfig({ PORT: 'x', DB_SCHEMA: 'Bad-Schema', WMS_POLL_MS: '1' }),
    ).toThrow(/PORT.*WMS_POLL_MS.*DB_SCHEMA/);
  });
});
