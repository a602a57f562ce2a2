import { backofficeOptionsFromEnv, DEFAULT_BACKOFFICE_URL } from './config';
import { BackofficeRejectedError } from './errors';
import { createBackofficeAdapters } from './factory';
import { fakeFetch } from '@retail/platform-http-client';
import { NetSuiteRestErpAdapter } from './erp/netsuite/netsuite-rest-erp.adapter';

const CTX = { correlationId: 'c-9' };

describe('createBackofficeAdapters', () => {
  it('builds the NetSuite ERP adapter and HTTP adapters for the rest', async () => {
    const { fetch, calls } = fakeFetch([
      {
        status: 201,
        headers: { 'idempotent-replayed': 'true' },
        body: { id: 're_1', status: 'succeeded' },
      },
      { status: 201, body: { id: 'w1', status: 'accepted' } },
      { status: 200, body: { quoteId: 'q', currency: 'EUR', lines: [], totalTax: 0 } },
    ]);
    const sut = createBackofficeAdapters({
      erpKind: 'netsuite',
      erpBaseUrl: 'http://erp.test',
      wmsBaseUrl: 'http://wms.test',
      paymentsBaseUrl: 'http://pay.test',
      taxBaseUrl: 'http://tax.test',
      fetch,
    });

    const refund = await sut.payments.refund(
      { idempotencyKey: 'k1', paymentReference: 'p', amount: 100, currency: 'EUR' },
      CTX,
    );
    const wms = await sut.wms.requestFulfillment(
      {
        requestId: 'r',
        orderId: 'o',
        locationId: 'L',
        lines: [{ lineId: 'l', sku: 's', quantity: 1 }],
      },
      CTX,
    );
    await sut.tax.quoteReversal({ currency: 'EUR', lines: [] }, CTX);

    expect(sut.erp).toBeInstanceOf(NetSuiteRestErpAdapter);
    expect(refund).toEqual({ refundId: 're_1', status: 'succeeded', duplicate: true });
    expect(wms).toEqual({ wmsRequestId: 'w1', status: 'accepted', duplicate: false });
    expect(calls.map((c) => c.url)).toEqual([
      'http://pay.test/payments/v1/refunds',
      'http://wms.test/wms/v1/fulfillment-requests',
      'http://tax.test/tax/v1/reversal-quotes',
    ]);
    expect(calls[0].headers['idempotency-key']).toBe('k1');
    expect(calls[0].body).not.toHaveProperty('idempotencyKey');
    expect(calls.every((c) => c.headers['x-correlation-id'] === 'c-9')).toBe(true);
  });

  it('maps a provider 422 to a non-retryable rejection', async () => {
    const { fetch } = fakeFetch([
      { status: 422, body: { code: 'idempotency_key_reused', detail: 'x' } },
    ]);
    const sut = createBackofficeAdapters({ ...backofficeOptionsFromEnv({}), fetch });

    const refund = sut.payments.refund(
      { idempotencyKey: 'k', paymentReference: 'p', amount: 1, currency: 'EUR' },
      CTX,
    );

    await expect(refund).rejects.toBeInstanceOf(BackofficeRejectedError);
    await expect(refund).rejects.toMatchObject({
      code: 'idempotency_key_reused',
      system: 'payments',
    });
  });
});

describe('backofficeOptionsFromEnv', () => {
  it('defaults every system to the local simulator', () => {
    const sut = backofficeOptionsFromEnv({});

    expect(sut).toMatchObject({
      erpKind: 'netsuite',
      erpBaseUrl: DEFAULT_BACKOFFICE_URL,
      wmsBaseUrl: DEFAULT_BACKOFFICE_URL,
      paymentsBaseUrl: DEFAULT_BACKOFFICE_URL,
      taxBaseUrl: DEFAULT_BACKOFFICE_URL,
      erpTimeoutMs: 15000,
      timeoutMs: 10000,
    });
  });

  it('lists every bad variable at once', () => {
    const sut = () =>
      backofficeOptionsFromEnv({ ERP_KIND: 'sap', WMS_BASE_URL: 'nope', ERP_TIMEOUT_MS: '-1' });

    expect(sut).toThrow(/ERP_KIND.*WMS_BASE_URL.*ERP_TIMEOUT_MS/);
  });

  it('derives the ERP account from a NetSuite host and reads the governor ceiling', () => {
    const sut = backofficeOptionsFromEnv({
      ERP_BASE_URL: 'https://1234567-sb1.suitetalk.api.netsuite.com',
      ERP_MAX_CONCURRENCY: '12',
      ERP_MAX_RPS: '2.5',
      DATABASE_URL: 'postgres://db/retail',
    });

    expect(sut.erpAccountId).toBe('1234567-sb1');
    expect(sut.erpGovernor).toMatchObject({
      ceiling: 12,
      maxRps: 2.5,
      latencyTolerance: 2,
      schema: 'erp_governor',
      databaseUrl: 'postgres://db/retail',
    });
  });

  it("reads the adaptive limit's latency tolerance, refusing one that is not positive", () => {
    const env = { DATABASE_URL: 'postgres://db/retail' };

    expect(
      backofficeOptionsFromEnv({ ...env, ERP_GOVERNOR_LATENCY_TOLERANCE: '3.5' }).erpGovernor,
    ).toMatchObject({ latencyTolerance: 3.5 });
    expect(() => backofficeOptionsFromEnv({ ...env, ERP_GOVERNOR_LATENCY_TOLERANCE: '0' })).toThrow(
      /ERP_GOVERNOR_LATENCY_TOLERANCE must be a positive number/,
    );
  });

  it('reads TBA credentials with the account as realm source', () => {
    const sut = backofficeOptionsFromEnv({
      ERP_AUTH: 'tba',
      ERP_ACCOUNT_ID: '1234567',
      ERP_TBA_CONSUMER_KEY: 'ck',
      ERP_TBA_CONSUMER_SECRET: 'cs',
      ERP_TBA_TOKEN_ID: 'ti',
      ERP_TBA_TOKEN_SECRET: 'ts',
    });

    expect(sut.erpAuth).toEqual({
      kind: 'tba',
      credentials: {
        accountId: '1234567',
        consumerKey: 'ck',
        consumerSecret: 'cs',
        tokenId: 'ti',
        tokenSecret: 'ts',
      },
    });
  });

  it('refuses production without ERP credentials or the non-inventory item, in one line', () => {
    const sut = () => backofficeOptionsFromEnv({ NODE_ENV: 'production' });

    expect(sut).toThrow(/ERP_AUTH must be tba or oauth2 in production/);
    expect(sut).toThrow(/ERP_NON_INVENTORY_ITEM_ID is required in production/);
  });

  it('names every missing credential of the chosen method', () => {
    const sut = () => backofficeOptionsFromEnv({ ERP_AUTH: 'oauth2', ERP_OAUTH2_CLIENT_ID: 'c' });

    expect(sut).toThrow(/ERP_OAUTH2_CERTIFICATE_ID.*ERP_OAUTH2_PRIVATE_KEY/);
  });
});
