import { STATUS_CODES } from 'node:http';
import { ChannelName } from '../channels/channel';
import { ChannelHttpError } from './channel-http.error';

export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'internal'
  | 'unavailable';

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** SP-API answers a missing or invalid access token with 403 (code Unauthorized). */
const STATUS_OVERRIDES: Partial<Record<ChannelName, Partial<Record<ErrorKind, number>>>> = {
  amazon: { unauthorized: 403 },
};

type Renderer = (status: number, kind: ErrorKind, message: string, url: string) => unknown;

/** Amazon SP-API error codes per situation (SP-API "Error" model: code, message, details). */
const AMAZON_CODES: Record<ErrorKind, string> = {
  bad_request: 'InvalidInput',
  unauthorized: 'Unauthorized',
  not_found: 'NotFound',
  conflict: 'InvalidInput',
  rate_limited: 'QuotaExceeded',
  internal: 'InternalFailure',
  unavailable: 'ServiceUnavailable',
};

const SQUARE_CODES: Record<ErrorKind, [string, string]> = {
  bad_request: ['INVALID_REQUEST_ERROR', 'BAD_REQUEST'],
  unauthorized: ['AUTHENTICATION_ERROR', 'UNAUTHORIZED'],
  not_found: ['INVALID_REQUEST_ERROR', 'NOT_FOUND'],
  conflict: ['INVALID_REQUEST_ERROR', 'VERSION_MISMATCH'],
  rate_limited: ['RATE_LIMIT_ERROR', 'RATE_LIMITED'],
  internal: ['API_ERROR', 'INTERNAL_SERVER_ERROR'],
  unavailable: ['API_ERROR', 'SERVICE_UNAVAILABLE'],
};

const SFCC_FAULTS: Record<ErrorKind, string> = {
  bad_request: 'InvalidRequestException',
  unauthorized: 'InvalidAccessTokenException',
  not_found: 'NotFoundException',
  conflict: 'ConflictException',
  rate_limited: 'QuotaExceededException',
  internal: 'InternalServerErrorException',
  unavailable: 'ServiceUnavailableException',
};

const RENDERERS: Record<ChannelName, Renderer> = {
  // REST Admin API: { errors: "..." } (a string, or an object of field -> messages on 422).
  shopify: (_status, _kind, message) => ({ errors: message }),
  amazon: (_status, kind, message) => ({
    errors: [{ code: AMAZON_CODES[kind], message, details: '' }],
  }),
  // v2 answers an array of { status, message }; v3 a problem-like object.
  bigcommerce: (status, _kind, message, url) =>
    url.includes('/v3/')
      ? {
          status,
          title: message,
          type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
          errors: {},
        }
      : [{ status, message }],
  // Magento webapi: { message, parameters? }.
  'adobe-commerce': (_status, _kind, message) => ({ message }),
  'salesforce-commerce': (_status, kind, message) => ({
    _v: '23.2',
    fault: { arguments: {}, type: SFCC_FAULTS[kind], message },
  }),
  square: (_status, kind, message) => ({
    errors: [{ category: SQUARE_CODES[kind][0], code: SQUARE_CODES[kind][1], detail: message }],
  }),
};

/** Builds the error a vendor would send for this situation, ready to throw. */
export function vendorError(
  channel: ChannelName,
  kind: ErrorKind,
  message: string,
  url: string,
  headers: Record<string, string> = {},
): ChannelHttpError {
  const status = STATUS_OVERRIDES[channel]?.[kind] ?? STATUS[kind];
  return new ChannelHttpError(status, RENDERERS[channel](status, kind, message, url), headers);
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
