import { Inject, Injectable } from '@nestjs/common';
import { ReservationRequest, ReservationResult, validateContract } from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import type { OrderIngestionConfig } from '../../config/env';
import { callJson } from './http-json';
import { InventoryPort, InventoryRejectedError } from './inventory.port';

/** Inventory over HTTP (INVENTORY_BASE_URL, INVENTORY_API_KEY). */
@Injectable()
export class HttpInventoryClient extends InventoryPort {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: OrderIngestionConfig) {
    super();
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
    tolerated: number[] = [],
  ): Promise<unknown> {
    const env = this.config.env;
    const res = await callJson('inventory', `${env.INVENTORY_BASE_URL}${path}`, {
      method: 'POST',
      headers: {
        'x-api-key': env.INVENTORY_API_KEY,
        'x-correlation-id': correlationId,
        ...headers,
      },
      body,
      timeoutMs: env.SERVICE_CALL_TIMEOUT_MS,
    });
    if (res.status < 300 || tolerated.includes(res.status)) return res.body;
    const detail = (res.body as { detail?: string } | undefined)?.detail ?? `HTTP ${res.status}`;
    throw new InventoryRejectedError(res.status, detail);
  }
}
