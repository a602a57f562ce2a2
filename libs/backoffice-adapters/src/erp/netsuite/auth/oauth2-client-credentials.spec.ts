import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { ErpRejectedError } from '../../../errors';
import type { FetchFn } from '@retail/platform-http-client';
import { authenticatedFetch } from './erp-auth';
import {
  JWT_BEARER,
  OAuth2Credentials,
  OAuth2TokenSource,
  clientAssertion,
} from './oauth2-client-credentials';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const TOKEN_URL = 'https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token';
const creds = (key = rsa.privateKey): OAuth2Credentials => ({
  clientId: 'client-1',
  certificateId: 'cert-1',
  privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
  scopes: ['rest_webservices'],
  tokenUrl: TOKEN_URL,
});
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString());

describe('NetSuite OAuth 2.0 client credentials', () => {
  it('builds the JWT assertion NetSuite documents (kid = certificate id, PS256)', () => {
    const [header, payload, signature] = clientAssertion(creds(), 1_700_000_000).split('.');

    expect(decode(header)).toEqual({ typ: 'JWT', alg: 'PS256', kid: 'cert-1' });
    expect(decode(payload)).toEqual({
      iss: 'client-1',
      scope: 'rest_webservices',
      aud: TOKEN_URL,
      iat: 1_700_000_000,
      exp: 1_700_001_800,
    });
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
  });

  it('signs ES256 with an EC key', () => {
    const [header, payload, signature] = clientAssertion(creds(ec.privateKey), 1).split('.');

    expect(decode(header).alg).toBe('ES256');
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: ec.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
  });

  it('posts the assertion as a form and caches the token until shortly before expiry', async () => {
    const posted: URLSearchParams[] = [];
    let now = 0;
    const fetch: FetchFn = async (_url, init) => {
      posted.push(new URLSearchParams(String(init?.body)));
      return Response.json({ access_token: `t${posted.length}`, expires_in: '3600' });
    };
    const sut = new OAuth2TokenSource(creds(), fetch, () => now);

    const first = await sut.token();
    now = 3_000_000;
    const cached = await sut.token();
    now = 3_600_000;
    const renewed = await sut.token();

    expect([first, cached, renewed]).toEqual(['t1', 't1', 't2']);
    expect(posted[0].get('grant_type')).toBe('client_credentials');
    expect(posted[0].get('client_assertion_type')).toBe(JWT_BEARER);
    expect(posted[0].get('client_assertion')?.split('.')).toHaveLength(3);
  });

  it('refuses with a non-retryable error when the token endpoint rejects the client', async () => {
    const fetch: FetchFn = async () => Response.json({ error: 'invalid_client' }, { status: 400 });

    await expect(new OAuth2TokenSource(creds(), fetch).token()).rejects.toBeInstanceOf(
      ErpRejectedError,
    );
  });

  it('sends the bearer token and renews it once on a 401', async () => {
    const seen: string[] = [];
    let tokens = 0;
    const fetch: FetchFn = async (url, init) => {
      if (String(url) === TOKEN_URL) return Response.json({ access_token: `t${++tokens}` });
      const auth = (init?.headers as Record<string, string>).authorization;
      seen.push(auth);
      return new Response(null, { status: auth === 'Bearer t1' ? 401 : 204 });
    };
    const sut = authenticatedFetch(fetch, { kind: 'oauth2', credentials: creds() });

    const response = await sut('https://1234567.suitetalk.api.netsuite.com/x', { method: 'GET' });

    expect(response.status).toBe(204);
    expect(seen).toEqual(['Bearer t1', 'Bearer t2']);
  });
});
