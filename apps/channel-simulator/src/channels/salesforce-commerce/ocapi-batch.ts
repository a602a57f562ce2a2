import { ChannelHttpError } from '../../common/channel-http.error';

/** OCAPI batch requests take at most 50 subrequests ("OCAPI Batch Requests"). */
export const MAX_SUBREQUESTS = 50;

/** One subrequest: its own headers (names lower-cased) over the batch's, and its body. */
export interface SubRequest {
  headers: Record<string, string>;
  body: string;
}

export interface SubResponse {
  contentId: string;
  status: number;
  body: unknown;
}

const fault = (message: string) =>
  new ChannelHttpError(400, {
    _v: '23.2',
    fault: { type: 'InvalidBatchRequestException', message },
  });

/**
 * Splits a `multipart/mixed` batch body on the boundary of its Content-Type. Each part is a
 * header block, a blank line and the subrequest's body (JSON or nothing).
 */
export function parseBatch(contentType: string | undefined, text: string): SubRequest[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!contentType?.toLowerCase().startsWith('multipart/mixed') || !boundary)
    throw fault('A batch request must be multipart/mixed with a boundary.');
  const parts = text
    .split(`--${boundary}`)
    .slice(1)
    .filter((p) => !p.startsWith('--'));
  if (parts.length > MAX_SUBREQUESTS)
    throw fault(`A batch request can contain up to ${MAX_SUBREQUESTS} subrequests.`);
  return parts.map((part) => {
    const normalised = part.replace(/\r\n/g, '\n').replace(/^\n/, '');
    const split = normalised.indexOf('\n\n');
    const head = split >= 0 ? normalised.slice(0, split) : normalised;
    const headers = Object.fromEntries(
      head
        .split('\n')
        .filter((l) => l.includes(':'))
        .map((l) => [
          l.slice(0, l.indexOf(':')).trim().toLowerCase(),
          l.slice(l.indexOf(':') + 1).trim(),
        ]),
    );
    return { headers, body: split >= 0 ? normalised.slice(split + 2).trim() : '' };
  });
}

/** The batch answer: one part per subrequest, `x-dw-content-id` and `x-dw-status-code`. */
export function renderBatch(boundary: string, answers: SubResponse[]): string {
  const parts = answers.map(
    (a) =>
      `--${boundary}\r\nx-dw-content-id: ${a.contentId}\r\nx-dw-status-code: ${a.status}\r\n` +
      `content-type: application/json\r\n\r\n${a.body === undefined ? '' : JSON.stringify(a.body)}\r\n`,
  );
  return `${parts.join('')}--${boundary}--\r\n`;
}
