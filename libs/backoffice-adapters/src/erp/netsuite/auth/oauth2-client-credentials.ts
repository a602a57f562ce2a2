import { KeyObject, createPrivateKey, sign } from 'node:crypto';
import { ErpRejectedError, ErpUnavailableError } from '../../../errors';
import type { FetchFn, FetchReply } from '@retail/platform-http-client';

/**
 * NetSuite OAuth 2.0 client credentials (machine to machine): a JWT assertion signed with the
 * private key of the certificate mapped to the integration (`kid` = certificate id), posted to
 * the token endpoint; the access token is cached until shortly before it expires. Signed over
 * node:crypto (PS256 for RSA keys, ES256 for P-256 keys): one JWS with a fixed header does not
 * need a JOSE library, and the simulator verifies it with the same primitives.
 */
export interface OAuth2Credentials {
  clientId: string;
  certificateId: string;
  privateKeyPem: string;
  /** `rest_webservices`, `restlets`, `suite_analytics`. */
  scopes: string[];
  /** `https://<account>.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token`. */
  tokenUrl: string;
}

export const NETSUITE_TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** NetSuite refuses assertions living 60 minutes or more. */
const ASSERTION_TTL_S = 30 * 60;
/** Renew this long before the token expires, so no call carries a token expiring in flight. */
const RENEW_EARLY_MS = 60_000;

export function jwtAlgorithm(key: KeyObject): 'PS256' | 'ES256' {
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') return 'PS256';
  if (key.asymmetricKeyType === 'ec') return 'ES256';
  throw new RangeError(`ERP_OAUTH2_PRIVATE_KEY: unsupported key type ${key.asymmetricKeyType}`);
}

export function clientAssertion(credentials: OAuth2Credentials, nowSeconds: number): string {
  const key = createPrivateKey(credentials.privateKeyPem);
  const alg = jwtAlgorithm(key);
  const header = { typ: 'JWT', alg, kid: credentials.certificateId };
  const payload = {
    iss: credentials.clientId,
    scope: credentials.scopes.join(','),
    aud: credentials.tokenUrl,
    iat: nowSeconds,
    exp: nowSeconds + ASSERTION_TTL_S,
  };
  const input = `${base64url(header)}.${base64url(payload)}`;
  const signature =
    alg === 'PS256'
      ? sign('sha256', Buffer.from(input), { key, padding: 6, saltLength: 32 })
      : sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export class OAuth2TokenSource {
  private cached?: { token: string; renewAtMs: number };
  private inFlight?: Promise<string>;

  constructor(
    private readonly credentials: OAuth2Credentials,
    private readonly fetchFn: FetchFn,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token; one request at a time refreshes it. */
  token(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAtMs)
      return Promise.resolve(this.cached.token);
    this.inFlight ??= this.fetchToken().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The ERP answered 401 with this token: forget it. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER,
      client_assertion: clientAssertion(this.credentials, Math.floor(this.now() / 1000)),
    });
    let response: FetchReply;
    try {
      response = await this.fetchFn(this.credentials.tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: body.toString(),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new ErpUnavailableError('erp', `token endpoint: ${(error as Error).message}`, false);
    }
    const text = await response.text();
    if (response.status >= 500 || response.status === 429) {
      throw new ErpUnavailableError(
        'erp',
        `token endpoint answered ${response.status}`,
        false,
        503,
      );
    }
    if (!response.ok) {
      throw new ErpRejectedError(
        'erp',
        `token endpoint refused the client credentials (${response.status}): ${text.slice(0, 200)}`,
        response.status,
        'OAUTH2_TOKEN_REFUSED',
      );
    }
    const parsed = JSON.parse(text) as { access_token: string; expires_in?: string | number };
    const lifetimeMs = Number(parsed.expires_in ?? 3600) * 1000;
    this.cached = {
      token: parsed.access_token,
      renewAtMs: this.now() + Math.max(0, lifetimeMs - RENEW_EARLY_MS),
    };
    return parsed.access_token;
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
