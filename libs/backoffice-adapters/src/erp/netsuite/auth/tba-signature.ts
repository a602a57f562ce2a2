import { createHmac, randomBytes } from 'node:crypto';

/**
 * NetSuite token-based authentication: OAuth 1.0a (RFC 5849) signed with HMAC-SHA256, the only
 * method NetSuite accepts since 2023.1, with the account as `realm`. Written over node:crypto:
 * the signature is a page of RFC 5849 and the npm OAuth 1.0a packages are unmaintained; the unit
 * tests hold it to NetSuite's and the RFC's published examples.
 */
export interface TbaCredentials {
  /** NetSuite account id as in the URL (`1234567-sb1`); the realm is derived from it. */
  accountId: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

export interface OAuthNonceSource {
  nonce(): string;
  /** Seconds since the epoch. */
  timestamp(): string;
}

export const RANDOM_NONCES: OAuthNonceSource = {
  nonce: () => randomBytes(16).toString('hex'),
  timestamp: () => String(Math.floor(Date.now() / 1000)),
};

/** RFC 5849 3.6: unreserved characters stay, everything else is %XX (UTF-8). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** NetSuite's realm: the account id upper-cased, `-` as `_` (`1234567-sb1` -> `1234567_SB1`). */
export function realmOf(accountId: string): string {
  return accountId.toUpperCase().replace(/-/g, '_');
}

/** RFC 5849 3.4.1: method, base URI and the sorted, encoded parameters (query + oauth_*). */
export function signatureBaseString(
  method: string,
  url: string,
  oauthParams: Record<string, string>,
  formParams: [string, string][] = [],
): string {
  const parsed = new URL(url);
  const params: [string, string][] = [
    ...[...parsed.searchParams.entries()],
    ...formParams,
    ...Object.entries(oauthParams),
  ].map(([k, v]) => [percentEncode(k), percentEncode(v)]);
  params.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)));
  const normalized = params.map(([k, v]) => `${k}=${v}`).join('&');
  // URL drops default ports and lower-cases scheme and host, as 3.4.1.2 requires.
  const baseUri = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join('&');
}

export function hmacSignature(
  baseString: string,
  consumerSecret: string,
  tokenSecret: string,
  algorithm: 'sha256' | 'sha1' = 'sha256',
): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac(algorithm, key).update(baseString).digest('base64');
}

/** The `Authorization` header value for one request. */
export function tbaAuthorization(
  method: string,
  url: string,
  credentials: TbaCredentials,
  source: OAuthNonceSource = RANDOM_NONCES,
): string {
  const oauth = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: source.nonce(),
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: source.timestamp(),
    oauth_token: credentials.tokenId,
    oauth_version: '1.0',
  };
  const base = signatureBaseString(method, url, oauth);
  const signature = hmacSignature(base, credentials.consumerSecret, credentials.tokenSecret);
  const fields: [string, string][] = [
    ['realm', realmOf(credentials.accountId)],
    ['oauth_token', oauth.oauth_token],
    ['oauth_consumer_key', oauth.oauth_consumer_key],
    ['oauth_nonce', oauth.oauth_nonce],
    ['oauth_timestamp', oauth.oauth_timestamp],
    ['oauth_signature_method', oauth.oauth_signature_method],
    ['oauth_version', oauth.oauth_version],
    ['oauth_signature', signature],
  ];
  return `OAuth ${fields.map(([k, v]) => `${k}="${percentEncode(v)}"`).join(', ')}`;
}

/** Parses an `Authorization: OAuth ...` header (the simulator verifies with it). */
export function parseOAuthHeader(header: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of header.replace(/^OAuth\s+/i, '').matchAll(/([\w]+)="([^"]*)"/g)) {
    fields[match[1]] = decodeURIComponent(match[2]);
  }
  return fields;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
