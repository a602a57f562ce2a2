import type { FetchFn } from '../../../http/http-json-client';
import { OAuth2Credentials, OAuth2TokenSource } from './oauth2-client-credentials';
import { TbaCredentials, tbaAuthorization } from './tba-signature';

/** How the adapter authenticates to the ERP (ERP_AUTH). */
export type ErpAuth =
  | { kind: 'none' }
  | { kind: 'tba'; credentials: TbaCredentials }
  | { kind: 'oauth2'; credentials: OAuth2Credentials };

/**
 * Wraps fetch so every ERP request carries its credentials: TBA signs each request (method and
 * full URL, query included); OAuth 2.0 adds the cached bearer token and, on a 401, fetches a new
 * token and sends the request once more (a token revoked or expired early).
 */
export function authenticatedFetch(fetchFn: FetchFn, auth: ErpAuth): FetchFn {
  switch (auth.kind) {
    case 'none':
      return fetchFn;
    case 'tba':
      return (input, init) => {
        const method = init?.method ?? 'GET';
        const header = tbaAuthorization(method, urlOf(input), auth.credentials);
        return fetchFn(input, withAuthorization(init, header));
      };
    case 'oauth2': {
      const tokens = new OAuth2TokenSource(auth.credentials, fetchFn);
      return async (input, init) => {
        const token = await tokens.token();
        const response = await fetchFn(input, withAuthorization(init, `Bearer ${token}`));
        if (response.status !== 401) return response;
        tokens.invalidate(token);
        const fresh = await tokens.token();
        return fetchFn(input, withAuthorization(init, `Bearer ${fresh}`));
      };
    }
  }
}

function urlOf(input: Parameters<FetchFn>[0]): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.toString() : input.url;
}

function withAuthorization(init: RequestInit | undefined, value: string): RequestInit {
  // A plain record (not Headers), so recording fetches in tests see every header.
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  return { ...init, headers: { ...headers, authorization: value } };
}
