import { Injectable } from '@nestjs/common';
import {
  CustomerMatchBatchEntry,
  CustomerMatchBatchItem,
  CustomerMatchRequest,
  CustomerMatchResult,
  MAX_CUSTOMER_MATCH_BATCH,
  validateContract,
} from '@retail/contracts';
import { DependencyRejectedError, GroupCommit, ServiceClient } from '@retail/platform-http-client';
import { ServiceDependencies } from '@retail/platform-service';
import { CustomerMatcherPort, type CustomerMatchRefused } from './customer-matcher.port';

/** Batch calls in flight at once; matches asked meanwhile wait for the next call. */
const MAX_BATCHES_IN_FLIGHT = 2;

type Answer = CustomerMatchResult | CustomerMatchRefused;

/**
 * Master-data's customer matching over HTTP (MASTERDATA_BASE_URL, our SERVICE_API_KEY), in
 * batches: `POST /v1/customers:match-batch`, grouped like the reservations (GroupCommit: what the
 * pipeline's lanes ask in the same tick, or while two calls are out, goes in the next call).
 * Master-data keeps the first answer per order, so a batch repeated after a lost answer gets the
 * same customers back (a call refused as a whole is sent again order by order, so one bad order
 * fails alone). Only an entry master-data refused (a 4xx other than 401/403/429) means
 * "no customer id"; a call that did not get through or was refused as a whole (an older
 * master-data without the route, a refused key), a 5xx entry or an unexpected answer is thrown,
 * so the order waits instead of going on as a guest.
 */
@Injectable()
export class HttpCustomerMatcher extends CustomerMatcherPort {
  private readonly client: ServiceClient;
  private readonly batches = new GroupCommit<CustomerMatchBatchItem, Answer>({
    maxBatch: MAX_CUSTOMER_MATCH_BATCH,
    maxInFlight: MAX_BATCHES_IN_FLIGHT,
    send: (items) => this.sendBatch(items),
    // Master-data refused the whole body (one entry may have made it invalid): each order again
    // on its own, so one bad order never keeps its neighbours waiting. A missing route (an older
    // master-data), a refused key or a rate limit would refuse each alone too.
    isolate: (err) =>
      err instanceof DependencyRejectedError && ![401, 403, 404, 429].includes(err.status!),
  });

  constructor(dependencies: ServiceDependencies) {
    super();
    this.client = dependencies.client('master-data');
  }

  match(request: CustomerMatchRequest, orderId: string, correlationId: string): Promise<Answer> {
    return this.batches.submit({ ...request, orderId, correlationId });
  }

  private async sendBatch(items: CustomerMatchBatchItem[]): Promise<Array<Answer | Error>> {
    const res = await this.client.send({
      method: 'POST',
      path: '/v1/customers:match-batch',
      body: { matches: items },
      correlationId: items[0].correlationId!,
    });
    const results = (res.body as { results?: CustomerMatchBatchEntry[] } | undefined)?.results;
    return items.map((_, i) => answerOf(results?.find((r) => r.index === i)));
  }
}

/** One entry's answer: its customer, master-data's refusal of it, or a failure to retry. */
function answerOf(entry: CustomerMatchBatchEntry | undefined): Answer | Error {
  if (!entry) return new Error('customer matching answered without this order');
  if (entry.outcome === 'refused') {
    const detail = (entry.problem as { detail?: string } | undefined)?.detail ?? 'refused';
    const refused = entry.status < 500 && ![401, 403, 429].includes(entry.status);
    return refused
      ? { refused: `master-data refused (${entry.status}): ${detail}` }
      : new Error(`master-data could not match (${entry.status}): ${detail}`);
  }
  const candidate = {
    customerId: entry.customerId,
    matchedBy: entry.matchedBy,
    created: entry.outcome === 'created',
  };
  const { value, errors } = validateContract(CustomerMatchResult, candidate);
  return errors.length > 0 ? new Error('customer matching answered an unexpected entry') : value;
}
