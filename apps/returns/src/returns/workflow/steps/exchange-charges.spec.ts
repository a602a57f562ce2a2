import {
  BackofficeRejectedError,
  BackofficeUnavailableError,
  type BackofficeAdapters,
} from '@retail/backoffice-adapters';
import type { DataSource } from 'typeorm';
import type { ExchangePlan } from '../../domain/exchange';
import { ReturnException } from '../../domain/return.exception';
import type { ReturnRecord } from '../../domain/return-record';
import type { ReturnsRepository } from '../../persistence/returns.repository';
import { ExchangeCharges } from './exchange.step';

/**
 * The advance exchange's hold (ADR 0043) against a scripted provider: the plan is stored as the
 * returns table would store it, so retries see what the first attempt recorded.
 */
const ctx = { correlationId: 'c' };
const plan = (): ExchangePlan => ({
  fulfillment: 'ship',
  advance: true,
  lines: [],
  replacementTotal: 3570,
  estimatedCredit: 2380,
  payments: [],
});

function harness() {
  let stored: ExchangePlan = plan();
  const timeline: string[] = [];
  const record = () =>
    ({
      id: 'r1',
      orderId: 'o1',
      status: 'authorized',
      currency: 'EUR',
      orderData: { payment: { reference: 'pay-1' } },
      exchange: structuredClone(stored),
    }) as unknown as ReturnRecord;
  const returns = {
    find: jest.fn(async () => record()),
    update: jest.fn(async (_m: unknown, _id: string, set: { exchange: string }) => {
      stored = JSON.parse(set.exchange);
    }),
    addTimeline: jest.fn(async (_m: unknown, _id: string, _s: string, event: string) => {
      timeline.push(event);
    }),
  } as unknown as ReturnsRepository;
  const db = { transaction: (work: (m: unknown) => unknown) => work({}) } as unknown as DataSource;
  const payments = {
    authorize: jest.fn(),
    capture: jest.fn(),
    void: jest.fn(),
    charge: jest.fn(),
  };
  const sut = new ExchangeCharges(db, { payments } as unknown as BackofficeAdapters, returns);
  return { sut, payments, record, timeline, stored: () => stored };
}

const held = { authorizationId: 'pi_1', status: 'requires_capture', amount: 3570 };

describe('ExchangeCharges: the advance exchange hold', () => {
  it('holds the replacement once under exchange-advance-<returnId>', async () => {
    const h = harness();
    h.payments.authorize.mockResolvedValue({ ...held, duplicate: false });
    await h.sut.hold(h.record(), 3570, ctx);
    await h.sut.hold(h.record(), 3570, ctx);
    expect(h.payments.authorize).toHaveBeenCalledTimes(1);
    expect(h.payments.authorize.mock.calls[0][0]).toMatchObject({
      idempotencyKey: 'exchange-advance-r1',
      paymentReference: 'pay-1',
      amount: 3570,
    });
    expect(h.stored().hold).toMatchObject({ authorizationId: 'pi_1', state: 'held' });
    expect(h.stored().payments).toEqual([]);
    expect(h.payments.charge).not.toHaveBeenCalled();
  });

  it('grants no advance when the provider refuses the authorization', async () => {
    const h = harness();
    h.payments.authorize.mockResolvedValue({
      authorizationId: 'pi_2',
      status: 'failed',
      failureReason: 'card_declined',
    });
    await expect(h.sut.hold(h.record(), 3570, ctx)).rejects.toThrow(ReturnException);
    await expect(h.sut.hold(h.record(), 3570, ctx)).rejects.toThrow(/card_declined/);
    expect(h.stored().hold).toBeUndefined();
    expect(h.timeline).toEqual([]);
  });

  it('captures once through a lost answer: the retry replays the key and records it once', async () => {
    const h = harness();
    h.payments.authorize.mockResolvedValue({ ...held, duplicate: false });
    await h.sut.hold(h.record(), 3570, ctx);
    h.payments.capture
      .mockRejectedValueOnce(new BackofficeUnavailableError('payments', 'socket hang up', true))
      .mockResolvedValue({ ...held, status: 'succeeded', amountReceived: 3570, duplicate: true });
    await expect(h.sut.capture(h.record(), 3570, ctx)).rejects.toThrow(BackofficeUnavailableError);
    await h.sut.capture(h.record(), 3570, ctx);
    await h.sut.capture(h.record(), 3570, ctx);
    expect(h.payments.capture).toHaveBeenCalledTimes(2);
    for (const call of h.payments.capture.mock.calls)
      expect(call.slice(0, 2)).toEqual([
        'pi_1',
        { idempotencyKey: 'exchange-capture-r1', amount: 3570 },
      ]);
    expect(h.stored().hold?.state).toBe('captured');
    expect(h.stored().payments).toEqual([
      expect.objectContaining({
        kind: 'charge',
        purpose: 'unreturned',
        amount: 3570,
        reference: 'pi_1',
      }),
    ]);
    // A captured hold is never voided, nor charged again.
    await h.sut.release(h.record(), ctx);
    expect(h.payments.void).not.toHaveBeenCalled();
    expect(h.payments.charge).not.toHaveBeenCalled();
  });

  it('charges off-session when the provider let the hold expire (capture answered 400)', async () => {
    const h = harness();
    h.payments.authorize.mockResolvedValue({ ...held, duplicate: false });
    await h.sut.hold(h.record(), 3570, ctx);
    h.payments.capture.mockRejectedValue(
      new BackofficeRejectedError('payments', 'payment_intent_unexpected_state', 400),
    );
    h.payments.charge.mockResolvedValue({
      chargeId: 'ch_1',
      status: 'succeeded',
      duplicate: false,
    });
    await h.sut.capture(h.record(), 3570, ctx);
    expect(h.payments.charge.mock.calls[0][0]).toMatchObject({
      idempotencyKey: 'exchange-unreturned-r1',
      amount: 3570,
    });
    expect(h.stored().hold?.state).toBe('voided');
    expect(h.stored().payments).toEqual([
      expect.objectContaining({ purpose: 'unreturned', amount: 3570, reference: 'ch_1' }),
    ]);
    // A retry finds the charge recorded: nothing moves again.
    await h.sut.capture(h.record(), 3570, ctx);
    expect(h.payments.capture).toHaveBeenCalledTimes(1);
    expect(h.payments.charge).toHaveBeenCalledTimes(1);
  });

  it('voids a held authorization once under exchange-void-<returnId>', async () => {
    const h = harness();
    h.payments.authorize.mockResolvedValue({ ...held, duplicate: false });
    await h.sut.hold(h.record(), 3570, ctx);
    h.payments.void.mockResolvedValue({ ...held, status: 'canceled', duplicate: false });
    await h.sut.release(h.record(), ctx);
    await h.sut.release(h.record(), ctx);
    expect(h.payments.void).toHaveBeenCalledTimes(1);
    expect(h.payments.void.mock.calls[0].slice(0, 2)).toEqual([
      'pi_1',
      { idempotencyKey: 'exchange-void-r1' },
    ]);
    expect(h.stored().hold?.state).toBe('voided');
    expect(h.stored().payments).toEqual([]);
    expect(h.timeline).toEqual(['exchange authorization held', 'exchange authorization voided']);
  });
});
