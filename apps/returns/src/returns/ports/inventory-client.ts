import type { InventoryMovement, MovementResult } from '@retail/contracts';
import type { ServiceClient } from '@retail/platform-http-client';

export const INVENTORY_CLIENT = Symbol('INVENTORY_CLIENT');

/** Inventory's movement API: one request's batch is applied in one transaction. */
export interface InventoryClient {
  recordMovements(movements: InventoryMovement[]): Promise<MovementResult[]>;
}

/** Inventory over HTTP (INVENTORY_BASE_URL, our SERVICE_API_KEY). */
export class HttpInventoryClient implements InventoryClient {
  constructor(private readonly client: ServiceClient) {}

  async recordMovements(movements: InventoryMovement[]): Promise<MovementResult[]> {
    const answer = await this.client.send<{ results?: MovementResult[] } | MovementResult[]>({
      method: 'POST',
      path: '/v1/inventory/movements',
      body: movements,
      retryOn: [409],
    });
    const body = answer.body;
    return Array.isArray(body) ? body : (body?.results ?? []);
  }
}
