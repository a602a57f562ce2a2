import { randomUUID } from 'crypto';
import { eventually, Stack } from './stack';

/** Order statuses from which an order's lines can ship. */
const RESERVED_OR_LATER = ['reserved', 'awaiting_erp', 'erp_confirmed'];

/**
 * Places a canonical order (one unit of line L1), waits until it is reserved, then sends the
 * line out (shipped, then delivered) from `locationId`; returns the order id.
 */
export async function deliveredOrder(
  stack: Stack,
  order: Record<string, unknown>,
  locationId: string,
): Promise<string> {
  const created = await stack.call('order-ingestion', 'POST', '/v1/orders', order);
  if (created.status !== 202) throw new Error(`order: HTTP ${created.status}`);
  const orderId: string = created.body.orderId;
  await eventually(async () => {
    const res = await stack.call('order-ingestion', 'GET', `/v1/orders/${orderId}`);
    return RESERVED_OR_LATER.includes(res.body?.status);
  }, 45_000);
  for (const type of ['shipped', 'delivered']) {
    const res = await stack.call('order-ingestion', 'POST', '/v1/fulfillment-events', {
      eventId: `${orderId}-${type}`,
      orderId,
      type,
      lines: [{ lineId: 'L1', quantity: 1 }],
      locationId,
      occurredAt: new Date().toISOString(),
    });
    if (res.status >= 300) throw new Error(`${type}: HTTP ${res.status}`);
  }
  return orderId;
}

/**
 * `POST /v1/returns` under one Idempotency-Key, retried while the returns read model has not
 * caught up with master data (422 "unknown to master data"); answers the first other response.
 */
export function authorizeReturn(stack: Stack, body: Record<string, unknown>) {
  const key = randomUUID();
  return eventually(async () => {
    const res = await stack.call('returns', 'POST', '/v1/returns', body, {
      'idempotency-key': key,
    });
    if (res.status === 422 && JSON.stringify(res.body).includes('unknown to master data'))
      return undefined;
    return res;
  });
}

/**
 * Returns line L1 of `orderId` at store `storeId` for a refund (retried while the returns read
 * model catches up with master data), receives it, inspects it as new and waits until the
 * workflow closed it; returns the return id.
 */
export async function closedRefundReturn(
  stack: Stack,
  orderId: string,
  storeId: string,
): Promise<string> {
  const key = randomUUID();
  const created = await eventually(async () => {
    const res = await stack.call(
      'returns',
      'POST',
      '/v1/returns',
      {
        orderId,
        channel: 'pos',
        locationId: storeId,
        lines: [{ lineId: 'L1', quantity: 1, reasonCode: 'changed_mind' }],
        resolution: 'refund',
      },
      { 'idempotency-key': key },
    );
    return res.status === 201 && res.body;
  });
  const id: string = created.returnId;
  for (const [path, body] of [
    ['receive', {}],
    ['inspection', { lines: [{ lineId: 'L1', condition: 'new' }] }],
  ] as const) {
    const res = await stack.call('returns', 'POST', `/v1/returns/${id}/${path}`, body);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  }
  await eventually(async () => {
    const res = await stack.call('returns', 'GET', `/v1/returns/${id}`);
    return res.body?.status === 'closed';
  }, 60_000);
  return id;
}
