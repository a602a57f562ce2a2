import { FastifyReply } from 'fastify';
import { recordUrl } from './external-ref';
import { WriteOutcome } from './sales-orders.service';

/** Not a NetSuite header: tells tests and the adapter whether a write created or repeated. */
export const OUTCOME_HEADER = 'x-simulator-outcome';

/** NetSuite answers writes with 204 and the record's Location. */
export function writeHeaders(
  reply: FastifyReply,
  baseUrl: string,
  recordType: string,
  outcome: WriteOutcome,
): void {
  void reply.header('location', recordUrl(baseUrl, recordType, outcome.id));
  void reply.header(OUTCOME_HEADER, outcome.created ? 'created' : 'repeated');
}
