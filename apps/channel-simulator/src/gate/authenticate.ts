import { FastifyRequest } from 'fastify';
import { ChannelName } from '../channels/channel';
import { ChannelCredentials } from '../config/env';
import { TokenStore } from '../store/token.store';

type Check = (
  request: FastifyRequest,
  credentials: ChannelCredentials,
  tokens: TokenStore,
) => boolean;

export function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function bearer(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header(request, 'authorization') ?? '');
  return match?.[1];
}

/** How each vendor authenticates an API call (the credential header it documents). */
const CHECKS: Record<ChannelName, Check> = {
  shopify: (r, c) => header(r, 'x-shopify-access-token') === c.shopify.accessToken,
  // LWA access token or a Restricted Data Token in x-amz-access-token.
  amazon: (r, _c, tokens) => tokens.valid(header(r, 'x-amz-access-token'), 'amazon') !== undefined,
  bigcommerce: (r, c) => header(r, 'x-auth-token') === c.bigcommerce.authToken,
  'adobe-commerce': (r, c) => bearer(r) === c['adobe-commerce'].integrationToken,
  'salesforce-commerce': (r, _c, tokens) =>
    tokens.valid(bearer(r), 'salesforce-commerce') !== undefined,
  square: (r, c) => bearer(r) === c.square.accessToken,
};

export function isAuthenticated(
  channel: ChannelName,
  request: FastifyRequest,
  credentials: ChannelCredentials,
  tokens: TokenStore,
): boolean {
  return CHECKS[channel](request, credentials, tokens);
}

export const UNAUTHORIZED_MESSAGES: Record<ChannelName, string> = {
  shopify: '[API] Invalid API key or access token (unrecognized login or wrong password)',
  amazon: 'Access to requested resource is denied.',
  bigcommerce: 'You must be authenticated to access this resource.',
  'adobe-commerce': "The consumer isn't authorized to access %resources.",
  'salesforce-commerce': 'The request is unauthorized, the access token is invalid.',
  square: 'This request could not be authorized.',
};
