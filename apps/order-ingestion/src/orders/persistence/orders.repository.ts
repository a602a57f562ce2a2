import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrderState } from '../domain/order-state';
import { LINE_COLUMNS, LineRow, ORDER_COLUMNS, OrderRow, toOrderState } from './order-rows';

/** Reads of the order aggregate (order row + lines). Writes live in the use cases, as SQL. */
@Injectable()
export class OrdersRepository {
  constructor(private readonly db: DataSource) {}

  load(id: string, manager: EntityManager = this.db.manager): Promise<OrderState | undefined> {
    return this.read(manager, id, '');
  }

  /** The order, row-locked until the caller's transaction ends. */
  lock(manager: EntityManager, id: string): Promise<OrderState | undefined> {
    return this.read(manager, id, 'FOR UPDATE');
  }

  private async read(
    manager: EntityManager,
    id: string,
    lock: string,
  ): Promise<OrderState | undefined> {
    if (!isUuid(id)) return undefined;
    const rows: OrderRow[] = await manager.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 ${lock}`,
      [id],
    );
    if (rows.length === 0) return undefined;
    const lines: LineRow[] = await manager.query(
      `SELECT ${LINE_COLUMNS} FROM order_lines WHERE order_id = $1 ORDER BY position`,
      [id],
    );
    return toOrderState(rows[0], lines);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
