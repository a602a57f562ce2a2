import type { CanonicalOrder, PaymentStatus } from '@retail/contracts';
import { fraudEffect, OrderFacts, paymentEffect } from './payment-rule';

const canonical = (status: PaymentStatus, fraud?: 'accept' | 'review'): CanonicalOrder =>
  ({
    channel: 'shopify',
    channelOrderId: '1',
    orderedAt: '2026-01-01T00:00:00Z',
    currency: 'EUR',
    customer: {},
    lines: [],
    payment: { status, method: 'card', reference: 'r', amount: 100 },
    ...(fraud ? { fraud: { decision: fraud } } : {}),
  }) as unknown as CanonicalOrder;

const facts = (over: Partial<OrderFacts> & { payment?: PaymentStatus } = {}): OrderFacts => ({
  status: 'on_hold',
  order: canonical(over.payment ?? 'pending'),
  holdReleased: false,
  ingestHolds: [],
  shipped: false,
  ...over,
});
const at = (iso: string) => new Date(iso);
const update = (status: PaymentStatus, time = '2026-01-01T10:00:00Z') => ({
  status,
  occurredAt: at(time),
});

describe('payment rule', () => {
  it('releases a pending hold when the payment is captured or authorized', () => {
    for (const status of ['captured', 'authorized'] as const)
      expect(paymentEffect(facts(), update(status))).toEqual({
        kind: 'release',
        scheduleCancel: false,
        clearCancel: true,
      });
  });

  it('keeps the hold while a fraud review or an intake hold remains', () => {
    const review = facts({ order: canonical('pending', 'review') });
    expect(paymentEffect(review, update('captured'))).toMatchObject({
      kind: 'hold',
      reason: 'fraud review',
    });
    const intake = facts({ ingestHolds: [{ reason: 'address_restricted' }] });
    expect(paymentEffect(intake, update('captured'))).toMatchObject({
      kind: 'hold',
      reason: 'address_restricted',
    });
  });

  it('holds a failed payment and schedules its cancellation, even after a release', () => {
    expect(paymentEffect(facts({ holdReleased: true }), update('failed'))).toEqual({
      kind: 'hold',
      reason: 'payment failed',
      scheduleCancel: true,
      clearCancel: false,
    });
  });

  it('a failed payment that a later update secures is released and its cancellation dropped', () => {
    const failed = facts({ payment: 'failed' });
    expect(paymentEffect(failed, update('captured'))).toMatchObject({
      kind: 'release',
      clearCancel: true,
    });
    expect(paymentEffect(failed, update('pending'))).toMatchObject({
      kind: 'hold',
      reason: 'payment pending',
      clearCancel: true,
    });
  });

  it('ignores an update older than the newest one applied from that source', () => {
    const newest = at('2026-01-01T11:00:00Z');
    expect(paymentEffect(facts(), update('failed'), newest)).toEqual({
      kind: 'ignore',
      why: 'stale',
    });
    expect(paymentEffect(facts(), update('captured', '2026-01-01T11:00:00Z'), newest).kind).toBe(
      'release',
    );
  });

  it('is idempotent: the same status again changes nothing', () => {
    expect(paymentEffect(facts(), update('pending'))).toEqual({ kind: 'ignore', why: 'unchanged' });
    const captured = facts({ status: 'erp_confirmed', payment: 'captured' });
    expect(paymentEffect(captured, update('captured'))).toEqual({
      kind: 'ignore',
      why: 'unchanged',
    });
  });

  it('records without re-holding past the holds; never cancels what shipped', () => {
    const reserved = facts({ status: 'reserved', payment: 'captured' });
    expect(paymentEffect(reserved, update('failed'))).toEqual({
      kind: 'record',
      scheduleCancel: true,
      clearCancel: false,
    });
    const shipped = facts({ status: 'partially_fulfilled', payment: 'captured', shipped: true });
    expect(paymentEffect(shipped, update('failed'))).toMatchObject({
      kind: 'record',
      scheduleCancel: false,
    });
  });

  it('leaves cancelled and fulfilled orders alone', () => {
    for (const status of ['cancelled', 'fulfilled'] as const)
      expect(paymentEffect(facts({ status }), update('captured'))).toEqual({
        kind: 'ignore',
        why: 'closed',
      });
  });
});

describe('fraud rule', () => {
  const review = (payment: PaymentStatus = 'captured') =>
    facts({ order: canonical(payment, 'review') });

  it('approve releases a review hold when the payment is secured', () => {
    expect(fraudEffect(review(), 'approve')).toEqual({ kind: 'release' });
  });

  it('approve keeps the order held while its payment is pending or failed', () => {
    expect(fraudEffect(review('pending'), 'approve')).toEqual({
      kind: 'hold',
      reason: 'payment pending',
    });
    expect(fraudEffect(review('failed'), 'approve')).toEqual({
      kind: 'hold',
      reason: 'payment failed',
    });
  });

  it('approve is idempotent and only recorded when the order is not held', () => {
    const approved = facts({ status: 'reserved', order: canonical('captured', 'accept') });
    expect(fraudEffect(approved, 'approve')).toEqual({ kind: 'ignore', why: 'unchanged' });
    const received = facts({ status: 'received', order: canonical('captured', 'review') });
    expect(fraudEffect(received, 'approve')).toEqual({ kind: 'record' });
  });

  it('reject cancels unless something shipped; a cancelled order is left alone', () => {
    expect(fraudEffect(review(), 'reject')).toEqual({ kind: 'cancel' });
    expect(fraudEffect({ ...review(), shipped: true }, 'reject')).toEqual({
      kind: 'refuse',
      why: 'shipped',
    });
    expect(fraudEffect({ ...review(), status: 'cancelled' }, 'reject')).toEqual({
      kind: 'ignore',
      why: 'closed',
    });
  });
});
