import { CHANNEL_ADAPTERS, CHANNEL_NAMES, isChannelName } from './channel-adapter';

describe('CHANNEL_ADAPTERS', () => {
  it('has one adapter per channel, named after its key', () => {
    expect(Object.keys(CHANNEL_ADAPTERS).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const [name, sut] of Object.entries(CHANNEL_ADAPTERS)) expect(sut.channel).toBe(name);
  });

  it('recognises route parameters that name a channel', () => {
    expect(isChannelName('adobe-commerce')).toBe(true);
    expect(isChannelName('pos')).toBe(false);
  });

  it.each(['amazon', 'adobe-commerce', 'bigcommerce', 'salesforce-commerce'] as const)(
    '%s is unsigned: verify accepts any request (channel API key authenticates)',
    (name) => {
      const req = { headers: {}, rawBody: Buffer.from('{}'), payload: {} };
      expect(() => CHANNEL_ADAPTERS[name].verify(req, {})).not.toThrow();
    },
  );

  it.each(['shopify', 'square'] as const)('%s refuses an unsigned request with 401', (name) => {
    const req = { headers: {}, rawBody: Buffer.from('{}'), payload: {} };
    const secrets = {
      shopifyWebhookSecret: 's',
      squareSignatureKey: 'k',
      squareNotificationUrl: 'https://x/y',
    };
    expect(() => CHANNEL_ADAPTERS[name].verify(req, secrets)).toThrow(
      expect.objectContaining({ status: 401, code: 'invalid-signature' }),
    );
  });

  it.each([...CHANNEL_NAMES])(
    '%s answers 422 invalid-channel-payload for a non-object body',
    (name) => {
      const req = { headers: {}, rawBody: Buffer.from('[]'), payload: [] };
      expect(() => CHANNEL_ADAPTERS[name].map(req)).toThrow(
        expect.objectContaining({ status: 422, code: 'invalid-channel-payload' }),
      );
    },
  );
});
