import { BackofficeError, BackofficeRejectedError } from '../../../errors';
import type { FetchFn, FetchInit, FetchReply } from '@retail/platform-http-client';
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
        const header = tbaAuthorization(method, input, auth.credentials);
        return fetchFn(input, withAuthorization(init, header));
      };
    case 'oauth2': {
      const tokens = new OAuth2TokenSource(auth.credentials, fetchFn);
      const bearer = (token: string) => `Bearer ${token}`;
      return async (input, init) => {
        const token = await tokens.token().catch(tokenFailure);
        if (typeof token !== 'string') return token;
        const response = await fetchFn(input, withAuthorization(init, bearer(token)));
        if (response.status !== 401) return response;
        tokens.invalidate(token);
        const fresh = await tokens.token().catch(tokenFailure);
        if (typeof fresh !== 'string') return fresh;
        return fetchFn(input, withAuthorization(init, bearer(fresh)));
      };
    }
  }
}

/**
 * A token that could not be had answers like the ERP would (refused: 4xx, not retryable;
 * endpoint down: 503, nothing sent), so the HTTP client classifies it as any other answer.
 */
function tokenFailure(error: unknown): FetchReply {
  const refused = error instanceof BackofficeRejectedError;
  const status = refused ? (error.status ?? 401) : 503;
  const code = error instanceof BackofficeError ? error.code : undefined;
  const detail = (error as Error).message;
  return Response.json({ 'o:errorDetails': [{ detail, 'o:errorCode': code }] }, { status });
}

function withAuthorization(init: FetchInit | undefined, value: string): FetchInit {
  // Names in lower case (an `Authorization` given by the caller is replaced), as a plain record.
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  return { ...init, headers: { ...headers, authorization: value } };
}
