import { Injectable } from '@nestjs/common';
import {
  CustomerMatchBatchEntry,
  CustomerMatchBatchItem,
  MAX_CUSTOMER_MATCH_BATCH,
  MAX_ID_LENGTH,
  validateContract,
} from '@retail/contracts';
import { toProblem } from '@retail/platform-http';
import { MasterDataException } from '../../common/master-data.exception';
import { CustomerMatching, type MatchEntry } from '../match-customer/customer-matching';

const PATH = '/v1/customers:match-batch';

/**
 * `POST /v1/customers:match-batch` (service and admin keys): the customers of many orders in one
 * transaction, by the same rules as `POST /v1/customers:match` with a service key. Each entry is
 * validated on its own: a bad one is refused with its problem and persists nothing, its
 * neighbours are matched. The first answer for a `(channel, orderId)` is kept and replayed.
 */
@Injectable()
export class MatchCustomersBatchHandler {
  constructor(private readonly matching: CustomerMatching) {}

  async execute(entries: unknown[]): Promise<CustomerMatchBatchEntry[]> {
    if (entries.length > MAX_CUSTOMER_MATCH_BATCH)
      throw MasterDataException.invalid([
        { field: 'matches', message: `at most ${MAX_CUSTOMER_MATCH_BATCH} entries` },
      ]);
    const checked = entries.map(check);
    const valid = checked.flatMap((c, index) => (c instanceof Error ? [] : [{ index, entry: c }]));
    const answers = await this.matching.match(
      valid.map((v) => v.entry),
      false,
    );
    const byIndex = new Map(valid.map((v, i) => [v.index, answers[i]]));
    return checked.map((c, index): CustomerMatchBatchEntry => {
      const orderId = orderIdOf(entries[index]);
      if (c instanceof Error) {
        const problem = toProblem(c, `${PATH}#${index}`);
        return { index, ...orderId, outcome: 'refused', status: problem.status, problem };
      }
      const { customerId, matchedBy, created, replayed } = byIndex.get(index)!;
      return {
        index,
        ...orderId,
        outcome: created ? 'created' : 'matched',
        status: created ? 201 : 200,
        customerId,
        matchedBy,
        ...(replayed ? { replayed } : {}),
      };
    });
  }
}

/** The entry as a match, or why it is refused (it is then never attempted). */
function check(entry: unknown): MatchEntry | Error {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return MasterDataException.invalid([{ field: '', message: 'must be an object' }]);
  const { value, errors } = validateContract(CustomerMatchBatchItem, entry, {
    forbidUnknown: true,
  });
  if (errors.length > 0) return MasterDataException.invalid(errors);
  const { orderId, correlationId, ...request } = value;
  return { request, orderId, correlationId };
}

function orderIdOf(entry: unknown): { orderId?: string } {
  const orderId = (entry as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' && orderId.length > 0 && orderId.length <= MAX_ID_LENGTH
    ? { orderId }
    : {};
}
