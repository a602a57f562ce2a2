import { Injectable } from '@nestjs/common';
import type { Principal } from '@retail/platform-http';
import { ReturnsRepository } from '../persistence/returns.repository';
import type { ListReturnsQuery } from './list-returns.query';

/**
 * `GET /v1/returns`: newest first, keyset-paged on the (time-ordered, UUID v7) return id. A
 * channel key sees the returns that started in its channel or belong to its channel's orders.
 */
@Injectable()
export class ListReturnsHandler {
  constructor(private readonly returns: ReturnsRepository) {}

  async execute(query: ListReturnsQuery, principal: Principal) {
    const limit = Number(query.limit ?? 50);
    const rows = await this.returns.page({
      status: query.status,
      channel: query.channel,
      orderId: query.orderId,
      correlationId: query.correlationId,
      cursor: query.cursor,
      visibleTo: principal.kind === 'channel' ? principal.channel : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? items[items.length - 1].returnId : undefined;
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }
}
