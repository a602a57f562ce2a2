import { Injectable } from '@nestjs/common';
import {
  MAX_ID_LENGTH,
  MAX_RESERVATION_BATCH,
  ReservationBatchEntry,
  ReservationBatchItem,
  validateContract,
} from '@retail/contracts';
import { assertCanActFor, Principal, toProblem } from '@retail/platform-http';
import { RequestContext } from '@retail/platform-observability';
import { InventoryException } from '../../common/inventory.exception';
import { ChannelOrderCheck } from '../order-check/channel-order-check';
import { ReserveStockHandler } from './reserve-stock.handler';

/**
 * `POST /v1/reservations:batch`: many reservations (of any orders and SKUs) in one call. Each
 * entry goes through exactly what `POST /v1/reservations` does — validated on its own, the
 * caller's channel checked (a channel key: an existing order of its channel), one reservation per (orderId, lineId) whatever the retries, the
 * SKU's positions locked so nothing is oversold — and the entries of one SKU share one
 * transaction (the handler's group commit). A bad entry gets its own problem and persists
 * nothing; its neighbours are not affected. The answer keeps the request's order.
 */
@Injectable()
export class ReserveBatchHandler {
  constructor(
    private readonly reserve: ReserveStockHandler,
    private readonly orders: ChannelOrderCheck,
  ) {}

  async execute(entries: unknown[], principal: Principal): Promise<ReservationBatchEntry[]> {
    if (entries.length > MAX_RESERVATION_BATCH)
      throw InventoryException.invalid([
        { field: 'reservations', message: `at most ${MAX_RESERVATION_BATCH} entries` },
      ]);
    const orderOfCaller = this.orders.forRequest(principal);
    const checked = await Promise.all(
      entries.map((entry) => this.check(entry, principal, orderOfCaller)),
    );
    const outcomes = await this.inRounds(checked);
    return checked.map((c, index) => {
      const ids = idsOf(entries[index]);
      const outcome = c instanceof Error ? { error: c } : outcomes.get(index)!;
      if ('ok' in outcome) return { index, ...ids, status: 201, result: outcome.ok.result };
      const problem = toProblem(outcome.error, `/v1/reservations:batch#${index}`);
      return { index, ...ids, status: problem.status, problem };
    });
  }

  /**
   * The valid entries, in rounds: round k holds the k-th entry naming each (orderId, lineId).
   * Entries of one SKU share a transaction and SKUs run side by side, so two entries for one
   * order line with different SKUs would race; in rounds the first in the request wins and a
   * later one is a replay (same request) or a conflict (another), whatever the timing.
   */
  private async inRounds(checked: Array<ReservationBatchItem | Error>) {
    const rounds: Array<Array<{ index: number; item: ReservationBatchItem }>> = [];
    const seen = new Map<string, number>();
    checked.forEach((item, index) => {
      if (item instanceof Error) return;
      const key = JSON.stringify([item.orderId, item.lineId]);
      const round = seen.get(key) ?? 0;
      seen.set(key, round + 1);
      (rounds[round] ??= []).push({ index, item });
    });
    const context = RequestContext.current();
    const outcomes = new Map<
      number,
      Awaited<ReturnType<ReserveStockHandler['executeMany']>>[number]
    >();
    for (const round of rounds) {
      const answers = await this.reserve.executeMany(
        round.map(({ item: { correlationId, ...req } }) => ({
          req,
          run: <T>(fn: () => Promise<T>) =>
            correlationId ? RequestContext.run({ ...context, correlationId }, fn) : fn(),
        })),
      );
      round.forEach(({ index }, i) => outcomes.set(index, answers[i]));
    }
    return outcomes;
  }

  /** The entry as a request, or why it is refused (it is then never attempted). */
  private async check(
    entry: unknown,
    principal: Principal,
    orderOfCaller: (orderId: string) => Promise<void>,
  ): Promise<ReservationBatchItem | Error> {
    try {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        throw InventoryException.invalid([{ field: '', message: 'must be an object' }]);
      const { value, errors } = validateContract(ReservationBatchItem, entry, {
        forbidUnknown: true,
      });
      if (errors.length > 0) throw InventoryException.invalid(errors);
      assertCanActFor(principal, value.channel);
      await orderOfCaller(value.orderId);
      return value;
    } catch (err) {
      return err as Error;
    }
  }
}

function idsOf(entry: unknown): { orderId?: string; lineId?: string } {
  if (typeof entry !== 'object' || entry === null) return {};
  const { orderId, lineId } = entry as Record<string, unknown>;
  return {
    ...(isShortString(orderId) ? { orderId } : {}),
    ...(isShortString(lineId) ? { lineId } : {}),
  };
}

const isShortString = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
