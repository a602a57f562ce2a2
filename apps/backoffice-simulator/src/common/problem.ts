import { STATUS_CODES } from 'node:http';

export interface ErrorItem {
  field?: string;
  message: string;
}

/** NetSuite REST error body (`o:errorDetails`, RFC 9110 section link as `type`). */
export function netSuiteError(status: number, code: string, errors: ErrorItem[]) {
  return {
    type: `https://www.rfc-editor.org/rfc/rfc9110.html#section-15.${status >= 500 ? 6 : 5}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    'o:errorDetails': errors.map((error) => ({
      detail: error.message,
      'o:errorCode': code,
      ...(error.field ? { 'o:errorPath': error.field } : {}),
    })),
  };
}

/** RFC 9457 problem body used by the WMS, payments and tax stand-ins and admin routes. */
export function problem(status: number, code: string, errors: ErrorItem[], correlationId?: string) {
  return {
    type: `about:blank#${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: errors.map((error) => error.message).join('; '),
    code,
    ...(correlationId ? { correlationId } : {}),
    ...(errors.some((error) => error.field) ? { errors } : {}),
  };
}

export const NETSUITE_ERROR_TYPE = 'application/vnd.oracle.resource+json; type=error';
export const PROBLEM_TYPE = 'application/problem+json';
