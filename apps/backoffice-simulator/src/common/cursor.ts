import { SimulatorHttpError } from './simulator-http.error';

/** Keyset cursors, opaque to callers (base64url JSON of the last row's key). */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(
  cursor: string | undefined,
  isValid: (value: unknown) => value is T,
): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through to the 400 below
  }
  throw new SimulatorHttpError(
    400,
    'INVALID_PARAMETER',
    `cursor "${cursor}" is not valid`,
    {},
    'cursor',
  );
}

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

export function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_PAGE, MAX_PAGE);
}
