import { Injectable } from '@nestjs/common';
import { ReservationRequest, ReservationResult, validateContract } from '@retail/contracts';
import { DependencyRejectedError, ServiceClient } from '@retail/platform-http-client';
import { ServiceDependencies } from '@retail/platform-service';
import { InventoryPort, InventoryRejectedError } from './inventory.port';

/**
 * Inventory over HTTP (INVENTORY_BASE_URL, our SERVICE_API_KEY). Only a 4xx other than 401/403
 * is inventory's answer (InventoryRejectedError); a refused key (DependencyAuthError) or an
 * outage (DependencyUnavailableError) is thrown as is, so the order waits and is retried.
 */
@Injectable()
export class HttpInventoryClient extends InventoryPort {
  private readonly client: ServiceClient;

  constructor(dependencies: ServiceDependencies) {
    super();
    this.client = dependencies.client('inventory');
  }

  async reserve(request: ReservationRequest, correlationId: string): Promise<ReservationResult> {
    const res = await this.post('/v1/reservations', request, correlationId, {
      'idempotency-key': `${request.orderId}.${request.lineId}`,
    });
    const { value, errors } = validateContract(ReservationResult, res, { forbidUnknown: false });
    if (errors.length > 0) throw new InventoryRejectedError(200, 'unexpected reservation answer');
    return value;
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
