import { Injectable } from '@nestjs/common';
import {
  MAX_RESERVATION_BATCH,
  ReservationBatchEntry,
  ReservationBatchItem,
  ReservationRequest,
  ReservationResult,
  validateContract,
} from '@retail/contracts';
import { DependencyRejectedError, ServiceClient } from '@retail/platform-http-client';
import { ServiceDependencies } from '@retail/platform-service';
import { InventoryPort, InventoryRejectedError } from './inventory.port';

/** Batch calls in flight at once; reservations asked meanwhile wait for the next call. */
const MAX_BATCHES_IN_FLIGHT = 2;

interface Waiting {
  item: ReservationBatchItem;
  resolve: (result: ReservationResult) => void;
  reject: (err: unknown) => void;
}

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
  private readonly pending: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(dependencies: ServiceDependencies) {
    super();
    this.client = dependencies.client('inventory');
  }

  reserve(request: ReservationRequest, correlationId: string): Promise<ReservationResult> {
    return new Promise<ReservationResult>((resolve, reject) => {
      this.pending.push({ item: { ...request, correlationId }, resolve, reject });
      this.schedule();
    });
  }

  /** Sends the next batch after the current tick (so one order's lines travel together). */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_BATCHES_IN_FLIGHT || this.pending.length === 0)
      return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.sendBatch();
    });
  }

  private async sendBatch(): Promise<void> {
    const batch = this.pending.splice(0, MAX_RESERVATION_BATCH);
    if (batch.length === 0) return;
    this.inFlight++;
    try {
      const body = { reservations: batch.map((w) => w.item) };
      const res = await this.post('/v1/reservations:batch', body, batch[0].item.correlationId!, {});
      const results = (res as { results?: ReservationBatchEntry[] } | undefined)?.results;
      batch.forEach((w, i) =>
        settle(
          w,
          results?.find((r) => r.index === i),
        ),
      );
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.inFlight--;
      this.schedule();
    }
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
function settle(w: Waiting, entry: ReservationBatchEntry | undefined): void {
  if (!entry) return w.reject(new InventoryRejectedError(200, 'batch answer without this entry'));
  if (entry.status !== 201) {
    const detail = (entry.problem as { detail?: string } | undefined)?.detail ?? 'refused';
    // 5xx, 401/403, 429: inventory could not answer this entry now; the order retries later.
    const refused = entry.status < 500 && ![401, 403, 429].includes(entry.status);
    return w.reject(
      refused
        ? new InventoryRejectedError(entry.status, detail)
        : new Error(`inventory could not reserve (${entry.status}): ${detail}`),
    );
  }
  const { value, errors } = validateContract(ReservationResult, entry.result, {
    forbidUnknown: false,
  });
  if (errors.length > 0) w.reject(new InventoryRejectedError(200, 'unexpected reservation answer'));
  else w.resolve(value);
}
