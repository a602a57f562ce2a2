import { SimulatorHttpError } from '../common/simulator-http.error';

export type RecordRef = { externalId: string } | { internalId: string };

const EXTERNAL_ID = /^[A-Za-z0-9_-]{1,255}$/;

/** NetSuite addresses a record by internal id (`123`) or external id (`eid:ABC-1`). */
export function parseRecordRef(ref: string): RecordRef {
  if (ref.startsWith('eid:')) return { externalId: parseExternalId(ref) };
  if (/^\d+$/.test(ref)) return { internalId: ref };
  throw new SimulatorHttpError(
    400,
    'INVALID_ID',
    `"${ref}" is neither an internal id nor eid:<id>`,
  );
}

/** Writes are only accepted by external id (that is what makes them idempotent). */
export function parseExternalId(ref: string): string {
  const externalId = ref.startsWith('eid:') ? ref.slice(4) : '';
  if (!EXTERNAL_ID.test(externalId)) {
    throw new SimulatorHttpError(400, 'INVALID_ID', `"${ref}" is not eid:<[A-Za-z0-9_-]{1,255}>`);
  }
  return externalId;
}

/** The body may repeat the external id; if it does, it must agree with the URL. */
export function assertSameExternalId(urlId: string, bodyId: string | undefined): void {
  if (bodyId !== undefined && bodyId !== urlId) {
    throw new SimulatorHttpError(
      400,
      'USER_ERROR',
      `externalId "${bodyId}" in the body differs from eid:${urlId} in the URL`,
      {},
      'externalId',
    );
  }
}

export function recordUrl(baseUrl: string, recordType: string, id: string): string {
  return `${baseUrl}/services/rest/record/v1/${recordType}/${id}`;
}
