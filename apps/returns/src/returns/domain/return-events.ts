import {
  ReturnAuthorizedEvent,
  ReturnClosedEvent,
  ReturnInspectedEvent,
  ReturnReceivedEvent,
  ReturnRefundedEvent,
  ReturnRejectedEvent,
  SUBJECTS,
} from '@retail/contracts';
import type { ReturnRecord } from './return-record';

/** Outbox drafts of the return.* events (type = subject, subject = return id). */
export interface ReturnEventDraft<T> {
  type: string;
  subject: string;
  data: T;
}

const draft = <T>(type: string, r: ReturnRecord, data: T): ReturnEventDraft<T> => ({
  type,
  subject: r.id,
  data,
});

export function authorizedEvent(
  r: ReturnRecord,
  at: Date,
): ReturnEventDraft<ReturnAuthorizedEvent> {
  return draft(SUBJECTS.RETURN_AUTHORIZED, r, {
    returnId: r.id,
    orderId: r.orderId,
    channel: r.channel,
    locationId: r.locationId,
    lines: r.lines.map((l) => ({
      lineId: l.lineId,
      quantity: l.quantity,
      reasonCode: l.reasonCode,
      ...(l.serialNumbers.length ? { serialNumbers: l.serialNumbers } : {}),
      ...(l.lotNumber ? { lotNumber: l.lotNumber } : {}),
    })),
    resolution: r.resolution,
    ...(r.exchangeLines ? { exchangeLines: r.exchangeLines } : {}),
    refundEstimate: r.estimate,
    authorizedAt: at.toISOString(),
  });
}

export function rejectedEvent(r: ReturnRecord, reason: string, at: Date) {
  return draft<ReturnRejectedEvent>(SUBJECTS.RETURN_REJECTED, r, {
    returnId: r.id,
    orderId: r.orderId,
    reason,
    rejectedAt: at.toISOString(),
  });
}

export function receivedEvent(r: ReturnRecord, at: Date) {
  return draft<ReturnReceivedEvent>(SUBJECTS.RETURN_RECEIVED, r, {
    returnId: r.id,
    orderId: r.orderId,
    locationId: r.locationId,
    lines: r.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })),
    receivedAt: at.toISOString(),
  });
}

export function inspectedEvent(r: ReturnRecord, at: Date) {
  return draft<ReturnInspectedEvent>(SUBJECTS.RETURN_INSPECTED, r, {
    returnId: r.id,
    orderId: r.orderId,
    locationId: r.locationId,
    lines: r.lines.map((l) => ({
      lineId: l.lineId,
      sku: l.sku,
      quantity: l.quantity,
      condition: l.condition!,
      disposition: l.disposition!,
    })),
    inspectedAt: at.toISOString(),
  });
}

export function refundedEvent(r: ReturnRecord, paymentReference: string | undefined, at: Date) {
  return draft<ReturnRefundedEvent>(SUBJECTS.RETURN_REFUNDED, r, {
    returnId: r.id,
    orderId: r.orderId,
    channel: r.channel,
    method: r.resolution === 'store_credit' ? 'store_credit' : 'original_payment',
    ...(paymentReference ? { paymentReference } : {}),
    refund: r.refund!,
    refundedAt: at.toISOString(),
  });
}

export function closedEvent(r: ReturnRecord, at: Date) {
  return draft<ReturnClosedEvent>(SUBJECTS.RETURN_CLOSED, r, {
    returnId: r.id,
    orderId: r.orderId,
    ...(r.replacementOrderId ? { replacementOrderId: r.replacementOrderId } : {}),
    ...(r.erpCreditMemoId ? { erpCreditMemoId: r.erpCreditMemoId } : {}),
    closedAt: at.toISOString(),
  });
}
