import { SUBJECTS } from '@retail/contracts';
import type { OrderReturnUpdate } from '../persistence/orders.repository';
import type { OrderReturnView } from '../query/order-view';

/**
 * How far a return got, by the event that says so (ADR 0040). The order keeps the furthest:
 * events of one return arrive in order on one stream, but a redelivery or a replay may bring an
 * older one again, and it must not move the status back. `rejected` and `closed` are terminal.
 */
const PROGRESS: Record<string, { status: string; rank: number }> = {
  [SUBJECTS.RETURN_AUTHORIZED]: { status: 'authorized', rank: 1 },
  [SUBJECTS.RETURN_RECEIVED]: { status: 'received', rank: 2 },
  [SUBJECTS.RETURN_INSPECTED]: { status: 'inspected', rank: 3 },
  [SUBJECTS.RETURN_REFUNDED]: { status: 'refunded', rank: 4 },
  [SUBJECTS.RETURN_CLOSED]: { status: 'closed', rank: 5 },
  [SUBJECTS.RETURN_REJECTED]: { status: 'rejected', rank: 5 },
};

interface ReturnEventData {
  returnId: string;
  orderId: string;
  lines?: Array<{ lineId: string; quantity: number }>;
  receivedAt?: string;
}

/** The order's record of a `return.*` event; undefined for a type the order does not track. */
export function orderReturnUpdate(
  type: string,
  data: ReturnEventData,
): OrderReturnUpdate | undefined {
  const progress = PROGRESS[type];
  if (!progress) return undefined;
  return {
    orderId: data.orderId,
    returnId: data.returnId,
    ...progress,
    lines: (data.lines ?? []).map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
    ...(type === SUBJECTS.RETURN_RECEIVED && data.receivedAt
      ? { receivedAt: data.receivedAt }
      : {}),
  };
}

/** Units of a line that came back: the lines of every return whose goods were received. */
export function returnedQuantity(returns: OrderReturnView[], lineId: string): number {
  return returns
    .filter((r) => r.receivedAt !== undefined && r.status !== 'rejected')
    .flatMap((r) => r.lines)
    .filter((l) => l.lineId === lineId)
    .reduce((sum, l) => sum + l.quantity, 0);
}
