import { ChannelAccountsError, loadChannelAccounts as sut, parseRateLimit } from './accounts';

const problemOf = (source: Record<string, string>, production = false): string => {
  try {
    sut(source, production);
  } catch (e) {
    if (e instanceof ChannelAccountsError) return e.message;
    throw e;
  }
  return '';
};

describe('loadChannelAccounts', () => {
  it('defaults every channel to the simulator outside production', () => {
    const accounts = sut({}, false);
    expect(accounts.map((a) => a.channel)).toEqual([
      'shopify',
      'amazon',
      'adobe-commerce',
      'bigcommerce',
      'salesforce-commerce',
      'square',
    ]);
    expect(accounts.every((a) => a.baseUrl === 'http://127.0.0.1:3098')).toBe(true);
    expect(accounts.find((a) => a.channel === 'amazon')?.buckets.GET_ORDERS).toEqual({
      ratePerSecond: 0.0167,
      burst: 20,
    });
  });

  it("never lets BigCommerce's default bucket exceed 150 requests in any 30-second window", () => {
    const bigcommerce = sut({}, false).find((a) => a.channel === 'bigcommerce')!;
    const { burst, ratePerSecond } = bigcommerce.buckets.default;
    expect({ burst, ratePerSecond }).toEqual({ burst: 75, ratePerSecond: 2.5 });
    expect(burst + ratePerSecond * 30).toBeLessThanOrEqual(150);
  });

  it('points the defaults at CHANNEL_SIMULATOR_URL', () => {
    const [shopify] = sut({ CHANNEL_SIMULATOR_URL: 'http://sim:9/' }, false);
    expect(shopify.baseUrl).toBe('http://sim:9');
  });

  it('refuses to start in production without CHANNEL_ACCOUNTS', () => {
    expect(problemOf({}, true)).toMatch(/CHANNEL_ACCOUNTS must list the channels/);
  });

  it('lists every missing variable of a configured account in one line', () => {
    const message = problemOf({ CHANNEL_ACCOUNTS: 'amazon', AMAZON_LWA_CLIENT_ID: 'id' });
    expect(message).not.toContain('\n');
    expect(message).toContain('AMAZON_API_BASE_URL is required');
    expect(message).toContain('AMAZON_LWA_CLIENT_SECRET is required');
    expect(message).toContain('AMAZON_MARKETPLACE_IDS is required');
    expect(message).not.toContain('AMAZON_LWA_CLIENT_ID is required');
  });

  it('refuses an unknown channel and a malformed rate limit', () => {
    const message = problemOf({
      CHANNEL_ACCOUNTS: 'shopify,ebay',
      SHOPIFY_API_BASE_URL: 'https://shop.example.com',
      SHOPIFY_ACCESS_TOKEN: 't',
      SHOPIFY_RATE_LIMIT: 'fast',
    });
    expect(message).toContain('unknown channel(s) ebay');
    expect(message).toContain('SHOPIFY_RATE_LIMIT must be');
  });

  it('reads a complete account with its own limits and interval', () => {
    const [account] = sut(
      {
        CHANNEL_ACCOUNTS: 'bigcommerce',
        BIGCOMMERCE_API_BASE_URL: 'https://api.bigcommerce.com/',
        BIGCOMMERCE_STORE_HASH: 'abc',
        BIGCOMMERCE_ACCESS_TOKEN: 'tok',
        BIGCOMMERCE_RATE_LIMIT: '15/450',
        BIGCOMMERCE_PULL_INTERVAL_SECONDS: '60',
      },
      true,
    );
    expect(account).toMatchObject({
      channel: 'bigcommerce',
      inboundMode: 'notify+pull',
      baseUrl: 'https://api.bigcommerce.com',
      pullIntervalMs: 60_000,
      buckets: { default: { ratePerSecond: 15, burst: 450 } },
    });
    expect(account.settings).toMatchObject({ STORE_HASH: 'abc', ACCESS_TOKEN: 'tok' });
  });
});

describe('parseRateLimit', () => {
  it.each([
    ['2/40', { ratePerSecond: 2, burst: 40 }],
    ['0.0167/20', { ratePerSecond: 0.0167, burst: 20 }],
    ['0/5', undefined],
    ['2', undefined],
  ])('%s', (raw, expected) => expect(parseRateLimit(raw)).toEqual(expected));
});
