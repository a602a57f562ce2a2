import { constants, createPublicKey, randomBytes, verify } from 'node:crypto';
import {
  JWT_BEARER,
  hmacSignature,
  parseOAuthHeader,
  realmOf,
  signatureBaseString,
} from '@retail/backoffice-adapters';
import type { SimErpAuth } from './erp-auth.config';

/** NetSuite refuses TBA timestamps further than this from its clock. */
const CLOCK_SKEW_S = 300;
const TOKEN_TTL_S = 3600;

/**
 * Checks ERP requests the way NetSuite does, so the adapter's authentication is exercised end
 * to end: a TBA signature recomputed from the request, or a bearer token this simulator issued
 * for a valid JWT assertion. Returns the reason of a refusal, or undefined.
 */
export class ErpAuthVerifier {
  private readonly tokens = new Map<string, number>();
  private readonly nonces = new Set<string>();

  constructor(private readonly auth: SimErpAuth) {}

  get enabled(): boolean {
    return this.auth.kind !== 'none';
  }

  check(method: string, url: string, authorization: string | undefined): string | undefined {
    const auth = this.auth;
    switch (auth.kind) {
      case 'none':
        return undefined;
      case 'tba':
        return this.checkTba(auth, method, url, authorization);
      case 'oauth2': {
        const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
        const expires = token ? this.tokens.get(token) : undefined;
        return expires && expires > Date.now() ? undefined : 'invalid or expired bearer token';
      }
    }
  }

  /** The token endpoint: a valid client assertion gets a fresh access token. */
  issueToken(form: Record<string, string>, tokenUrl: string): string | { error: string } {
    if (this.auth.kind !== 'oauth2') return { error: 'unsupported_grant_type' };
    if (form.grant_type !== 'client_credentials' || form.client_assertion_type !== JWT_BEARER)
      return { error: 'unsupported_grant_type' };
    const refusal = verifyAssertion(form.client_assertion ?? '', this.auth, tokenUrl);
    if (refusal) return { error: `invalid_client: ${refusal}` };
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, Date.now() + TOKEN_TTL_S * 1000);
    return token;
  }

  private checkTba(
    auth: Extract<SimErpAuth, { kind: 'tba' }>,
    method: string,
    url: string,
    authorization: string | undefined,
  ): string | undefined {
    if (!authorization?.startsWith('OAuth ')) return 'no OAuth authorization header';
    const p = parseOAuthHeader(authorization);
    if (p.realm !== realmOf(auth.accountId)) return 'wrong realm';
    if (p.oauth_consumer_key !== auth.consumerKey || p.oauth_token !== auth.tokenId)
      return 'unknown consumer key or token';
    if (p.oauth_signature_method !== 'HMAC-SHA256') return 'signature method must be HMAC-SHA256';
    if (Math.abs(Number(p.oauth_timestamp) - Date.now() / 1000) > CLOCK_SKEW_S)
      return 'timestamp out of range';
    if (this.nonces.has(`${p.oauth_timestamp}:${p.oauth_nonce}`)) return 'nonce used twice';
    const oauth = Object.fromEntries(
      Object.entries(p).filter(([k]) => k.startsWith('oauth_') && k !== 'oauth_signature'),
    );
    const base = signatureBaseString(method, url, oauth);
    if (hmacSignature(base, auth.consumerSecret, auth.tokenSecret) !== p.oauth_signature)
      return 'signature does not match';
    this.nonces.add(`${p.oauth_timestamp}:${p.oauth_nonce}`);
    if (this.nonces.size > 100_000) this.nonces.clear();
    return undefined;
  }
}

function verifyAssertion(
  jwt: string,
  auth: Extract<SimErpAuth, { kind: 'oauth2' }>,
  tokenUrl: string,
): string | undefined {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return 'malformed assertion';
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (header.kid !== auth.certificateId) return 'unknown certificate id (kid)';
  const key = createPublicKey(auth.publicKeyPem);
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const valid =
    header.alg === 'PS256'
      ? verify(
          'sha256',
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          signature,
        )
      : header.alg === 'ES256' &&
        verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (!valid) return 'bad signature';
  if (payload.iss !== auth.clientId) return 'wrong issuer';
  if (payload.aud !== tokenUrl) return 'wrong audience';
  const now = Date.now() / 1000;
  if (!(payload.exp > now) || payload.exp - payload.iat > 3600) return 'expired or too long-lived';
  return undefined;
}
