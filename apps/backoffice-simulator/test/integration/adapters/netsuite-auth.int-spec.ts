import { generateKeyPairSync } from 'node:crypto';
import {
  ErpRejectedError,
  backofficeOptionsFromEnv,
  createBackofficeAdapters,
} from '@retail/backoffice-adapters';
import { minimalOrder } from '../../support/erp-fixtures';
// Test-only: the simulator verifies TBA signatures and OAuth 2.0 assertions like NetSuite.

import { RunningSimulator, startSimulator } from '../../support/start-simulator';

const order = minimalOrder;
const ctx = { correlationId: 'corr-auth' };

describe('ERP authentication end to end (adapter -> simulator checking credentials)', () => {
  describe('token-based authentication (OAuth 1.0a, HMAC-SHA256, realm)', () => {
    let sim: RunningSimulator;
    const TBA = {
      ERP_TBA_CONSUMER_KEY: 'consumer-key',
      ERP_TBA_CONSUMER_SECRET: 'consumer-secret',
      ERP_TBA_TOKEN_ID: 'token-id',
      ERP_TBA_TOKEN_SECRET: 'token-secret',
    };
    const erpWith = (env: Record<string, string>) =>
      createBackofficeAdapters(
        backofficeOptionsFromEnv({
          ERP_BASE_URL: sim.baseUrl,
          ERP_AUTH: 'tba',
          ERP_ACCOUNT_ID: '1234567-sb1',
          ...TBA,
          ...env,
        }),
      ).erp;

    beforeAll(async () => {
      sim = await startSimulator({
        erpAuth: {
          kind: 'tba',
          accountId: '1234567-sb1',
          consumerKey: TBA.ERP_TBA_CONSUMER_KEY,
          consumerSecret: TBA.ERP_TBA_CONSUMER_SECRET,
          tokenId: TBA.ERP_TBA_TOKEN_ID,
          tokenSecret: TBA.ERP_TBA_TOKEN_SECRET,
        },
      });
    });
    afterAll(() => sim.stop());

    it('signs every request so the ERP accepts writes and paged reads', async () => {
      const erp = erpWith({});

      expect((await erp.upsertSalesOrder(order('tba_1'), ctx)).created).toBe(true);
      await expect(erp.fetchItemMaster({ limit: 2 }, ctx)).resolves.toBeDefined();
    });

    it('is refused (401, not retryable) with a wrong token secret', async () => {
      const call = erpWith({ ERP_TBA_TOKEN_SECRET: 'wrong' }).upsertSalesOrder(order('tba_2'), ctx);

      await expect(call).rejects.toBeInstanceOf(ErpRejectedError);
      await expect(call).rejects.toMatchObject({ status: 401, retryable: false });
    });
  });

  describe('OAuth 2.0 client credentials (JWT assertion, bearer token)', () => {
    let sim: RunningSimulator;
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const erpWith = (env: Record<string, string>) =>
      createBackofficeAdapters(
        backofficeOptionsFromEnv({
          ERP_BASE_URL: sim.baseUrl,
          ERP_AUTH: 'oauth2',
          ERP_OAUTH2_CLIENT_ID: 'client-1',
          ERP_OAUTH2_CERTIFICATE_ID: 'cert-1',
          ERP_OAUTH2_PRIVATE_KEY: pem,
          ...env,
        }),
      ).erp;

    beforeAll(async () => {
      sim = await startSimulator({
        erpAuth: {
          kind: 'oauth2',
          clientId: 'client-1',
          certificateId: 'cert-1',
          publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        },
      });
    });
    afterAll(() => sim.stop());

    it('gets a token with a signed assertion and calls with it', async () => {
      const erp = erpWith({});

      expect((await erp.upsertSalesOrder(order('m2m_1'), ctx)).created).toBe(true);
      expect((await erp.upsertSalesOrder(order('m2m_2'), ctx)).created).toBe(true);
    });

    it('is refused when the certificate id does not match', async () => {
      const call = erpWith({ ERP_OAUTH2_CERTIFICATE_ID: 'other' }).upsertSalesOrder(
        order('m2m_3'),
        ctx,
      );

      await expect(call).rejects.toMatchObject({ code: 'OAUTH2_TOKEN_REFUSED', retryable: false });
    });
  });
});
