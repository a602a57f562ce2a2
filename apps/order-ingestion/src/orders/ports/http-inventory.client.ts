import { Injectable } from '@nestjs/common';
import {
  MAX_RESERVATION_BATCH,
  ReservationBatchEntry,
  ReservationBatchItem,
  ReservationRequest,
  ReservationResult,
  validateContract,
} from '@retail/contracts';
import { DependencyRejectedError, GroupCommit, ServiceClient } from '@retail/platform-http-client';
import { ServiceDependencies } from '@retail/platform-service';
import { InventoryPort, InventoryRejectedError } from './inventory.port';

/** Batch calls in flight at once; reservations asked meanwhile wait for the next call. */
const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * Inventory over HTTP (INVENTORY_BASE_URL, our SERVICE_API_KEY). Only a 4xx other than 401/403
 * is inventory's answer (InventoryRejectedError); a refused key (DependencyAuthError) or an
 * outage (DependencyUnavailableError) is thrown as is, so the order waits and is retried.
 *
 * Reservations are sent in batches (`POST /v1/reservations:batch`, ADR 0020): what the pipeline's
 * lanes ask in the same tick, or while MAX_BATCHES_IN_FLIGHT calls are out, goes in the next
 * call (group commit: no timer, an idle pipeline's reservation leaves at once). Inventory keeps
 * one reservation per (orderId, lineId), so a batch repeated after a crash or timeout gets the
 * same reservations back, as the per-line Idempotency-Key did; each entry is answered on its own.
 */
@Injectable()
export class HttpInventoryClient extends InventoryPort {
  private readonly client: ServiceClient;
  private readonly batches = new GroupCommit<ReservationBatchItem, ReservationResult>({
    maxBatch: MAX_RESERVATION_BATCH,
    maxInFlight: MAX_BATCHES_IN_FLIGHT,
    send: (items) => this.sendBatch(items),
  });

  constructor(dependencies: ServiceDependencies) {
    super();
    this.client = dependencies.client('inventory');
  }

  reserve(request: ReservationRequest, correlationId: string): Promise<ReservationResult> {
    return this.batches.submit({ ...request, correlationId });
  }

  private async sendBatch(
    items: ReservationBatchItem[],
  ): Promise<Array<ReservationResult | Error>> {
    const body = { reservations: items };
    const res = await this.post('/v1/reservations:batch', body, items[0].correlationId!, {});
    const results = (res as { results?: ReservationBatchEntry[] } | undefined)?.results;
    return items.map((_, i) => answerOf(results?.find((r) => r.index === i)));
  }

  async release(reservationId: string, orderId: string, correlationId: string): Promise<void> {
    const path = `/v1/reservations/${encodeURIComponent(reservationId)}/release`;
    await this.post(
      path,
      {},
      correlationId,
      { 'idempotency-key': `${orderId}.release.${reservationId}` },
      [404, 409],
    );
  }

  private async post(
    path: string,
    body: unknown,
    correlationId: string,
    headers: Record<string, string>,
    accept: number[] = [],
  ): Promise<unknown> {
    try {
      const res = await this.client.send({
        method: 'POST',
        path,
        body,
        headers,
        correlationId,
        accept,
      });
      return res.body;
    } catch (error) {
      if (!(error instanceof DependencyRejectedError)) throw error;
      const detail = (error.problem as { detail?: string } | undefined)?.detail ?? error.message;
      throw new InventoryRejectedError(error.status as number, detail);
    }
  }
}

/** One entry's answer: its reservation, or inventory's refusal of that entry alone. */
function answerOf(entry: ReservationBatchEntry | undefined): ReservationResult | Error {
  if (!entry) return new InventoryRejectedError(200, 'batch answer without this entry');
  if (entry.status !== 201) {
    const detail = (entry.problem as { detail?: string } | undefined)?.detail ?? 'refused';
    // 5xx, 401/403, 429: inventory could not answer this entry now; the order retries later.
    const refused = entry.status < 500 && ![401, 403, 429].includes(entry.status);
    return refused
      ? new InventoryRejectedError(entry.status, detail)
      : new Error(`inventory could not reserve (${entry.status}): ${detail}`);
  }
  const { value, errors } = validateContract(ReservationResult, entry.result, {
    forbidUnknown: false,
  });
  return errors.length > 0
    ? new InventoryRejectedError(200, 'unexpected reservation answer')
    : value;
}
