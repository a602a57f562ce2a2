import type { InventoryMovement, MovementResult } from '@retail/contracts';
import { callJson, DependencyRejectedError } from './http-call';

export const INVENTORY_CLIENT = Symbol('INVENTORY_CLIENT');

/** Inventory's movement API: one request's batch is applied in one transaction. */
export interface InventoryClient {
  recordMovements(movements: InventoryMovement[]): Promise<MovementResult[]>;
}

export class HttpInventoryClient implements InventoryClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async recordMovements(movements: InventoryMovement[]): Promise<MovementResult[]> {
    const answer = await callJson<{ results?: MovementResult[] } | MovementResult[]>({
      dependency: 'inventory',
      method: 'POST',
      url: `${this.baseUrl}/v1/inventory/movements`,
      apiKey: this.apiKey,
      body: movements,
    });
    if (answer.status === 404)
      throw new DependencyRejectedError('inventory', 'route not found', 404);
    const body = answer.body;
    return Array.isArray(body) ? body : (body?.results ?? []);
  }
}
