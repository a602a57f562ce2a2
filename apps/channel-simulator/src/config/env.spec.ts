import { DEFAULT_CREDENTIALS, credentialVariable, loadSimulatorConfig } from './env';

describe('loadSimulatorConfig', () => {
  it('defaults to port 3098 and the documented local credentials', () => {
    const sut = loadSimulatorConfig({});

    expect(sut.port).toBe(3098);
    expect(sut.credentials).toEqual(DEFAULT_CREDENTIALS);
  });

  it('overrides one credential from CHANNEL_SIM_<CHANNEL>_<FIELD>', () => {
    expect(credentialVariable('adobe-commerce', 'integrationToken')).toBe(
      'CHANNEL_SIM_ADOBE_COMMERCE_INTEGRATION_TOKEN',
    );

    const sut = loadSimulatorConfig({ CHANNEL_SIM_SHOPIFY_ACCESS_TOKEN: 'shpat_x' });

    expect(sut.credentials.shopify.accessToken).toBe('shpat_x');
  });

  it('lists every bad variable in one error', () => {
    expect(() => loadSimulatorConfig({ PORT: 'x', CHANNEL_SIM_WEBHOOK_ATTEMPTS: '0' })).toThrow(
      /PORT.*CHANNEL_SIM_WEBHOOK_ATTEMPTS/,
    );
  });
});
