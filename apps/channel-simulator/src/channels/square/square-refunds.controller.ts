import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { parseTime } from '../../common/dates';
import { decodeToken, encodeToken, pageAt } from '../../common/paging';
import { isRecord } from '../../common/request';
import { CLOCK, Clock } from '../../config/tokens';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { FaultsService } from '../../gate/faults.service';
import { CallsStore } from '../../store/calls.store';
import { OrderStore } from '../../store/order.store';
import { StoredOrder } from '../channel';
import { ChannelOrdersService } from '../channel-orders.service';
import { squareError } from './square.controller';
import { SquareOrder, squareId } from './square.orders';

type Json = Record<string, unknown>;
type Stored = StoredOrder<SquareOrder>;
type Money = { amount: number; currency: string };

/** A PaymentRefund as Square answers it. */
interface PaymentRefund extends Json {
  id: string;
  status: 'PENDING' | 'COMPLETED';
  location_id: string;
  amount_money: Money;
  payment_id: string;
  order_id: string;
  reason?: string;
  created_at: string;
  updated_at: string;
}

/** What a RefundPayment request was, so a repeated idempotency key is recognised. */
interface Made {
  key: string;
  fingerprint: string;
  refund: PaymentRefund;
}

const MAX_KEY = 45;
const MAX_REASON = 192;
const YEAR_MS = 365 * 24 * 3600 * 1000;

const invalid = (code: string, detail: string, field: string) =>
  squareError(400, 'INVALID_REQUEST_ERROR', code, detail, field);
const notFound = (detail: string, field?: string) =>
  squareError(404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', detail, field);

/**
 * Refunds API: RefundPayment, ListPaymentRefunds, GetPaymentRefund. A payment is an order's
 * tender with a `payment_id` (the simulator takes no payments itself: seed or update an order
 * with `tenders`). A refund is answered `PENDING` and is `COMPLETED` from the next read on; it
 * is also kept on the order (`refunds`, as Orders API orders carry them).
 */
@ApiTags('square')
@Controller('v2/refunds')
export class SquareRefundsController {
  /** Refunds made per order, with their idempotency keys (the order resource shows `refunds`). */
  private readonly made = new WeakMap<Stored, Made[]>();

  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly faults: FaultsService,
    private readonly calls: CallsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * RefundPayment: at most the tender's amount less what was refunded; the same idempotency key
   * answers the refund it made (another amount, payment or reason with it: IDEMPOTENCY_KEY_REUSED).
   */
  @Post()
  @HttpCode(200)
  @ChannelOperation('square', 'RefundPayment')
  refund(@Body() body: unknown, @Req() request: FastifyRequest) {
    const b = isRecord(body) ? body : {};
    const key = requiredText(b, 'idempotency_key', MAX_KEY);
    const money = moneyOf(b.amount_money);
    const paymentId = requiredText(b, 'payment_id', 192);
    if (b.reason !== undefined && (typeof b.reason !== 'string' || b.reason.length > MAX_REASON))
      throw invalid(
        'VALUE_TOO_LONG',
        `reason must be a string of at most ${MAX_REASON}.`,
        'reason',
      );
    const reason = b.reason as string | undefined;
    const fingerprint = JSON.stringify([paymentId, money.amount, money.currency, reason ?? null]);
    const earlier = this.all().find((m) => m.key === key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint)
        throw invalid(
          'IDEMPOTENCY_KEY_REUSED',
          'The idempotency key was previously used for a different refund request.',
          'idempotency_key',
        );
      return { refund: this.settled(earlier.refund) };
    }
    const found = this.payment(paymentId);
    if (!found) throw notFound(`Could not find payment with id: ${paymentId}`, 'payment_id');
    const { order, tender } = found;
    const paid = moneyOf(tender.amount_money);
    if (money.currency !== paid.currency)
      throw invalid(
        'CURRENCY_MISMATCH',
        `The refund currency ${money.currency} does not match the payment's ${paid.currency}.`,
        'amount_money.currency',
      );
    const refunded = (this.made.get(order) ?? [])
      .filter((m) => m.refund.payment_id === paymentId)
      .reduce((n, m) => n + m.refund.amount_money.amount, 0);
    if (money.amount > paid.amount - refunded)
      throw invalid(
        'REFUND_AMOUNT_INVALID',
        `The refund amount exceeds the ${paid.amount - refunded} left to refund on the payment.`,
        'amount_money.amount',
      );
    const at = new Date(this.clock()).toISOString();
    const refund: PaymentRefund = {
      id: `${paymentId}_${squareId(`refund-${paymentId}-${key}`)}`,
      status: 'PENDING',
      location_id: order.native.location_id,
      amount_money: money,
      payment_id: paymentId,
      order_id: order.id,
      ...(reason !== undefined ? { reason } : {}),
      destination_type: 'CARD',
      created_at: at,
      updated_at: at,
    };
    this.made.set(order, [...(this.made.get(order) ?? []), { key, fingerprint, refund }]);
    const onOrder = Array.isArray(order.native.refunds) ? (order.native.refunds as Json[]) : [];
    order.native.refunds = [
      ...onOrder,
      {
        id: refund.id,
        location_id: refund.location_id,
        transaction_id: order.id,
        tender_id: tender.id,
        created_at: at,
        ...(reason !== undefined ? { reason } : {}),
        amount_money: money,
        status: 'PENDING',
      },
    ];
    this.orders.changed('square', order);
    this.calls.record({
      channel: 'square',
      kind: 'refund',
      operation: 'RefundPayment',
      method: 'POST',
      path: request.url,
      body,
      orderId: order.id,
    });
    return { refund: structuredClone(refund) };
  }

  /**
   * ListPaymentRefunds: `begin_time` (default a year ago) .. `end_time` on `created_at`,
   * `sort_order` (DESC default), `location_id`, `status`, `limit` (1..100, default 100),
   * `cursor`. No refund answers `{}`.
   */
  @Get()
  @ChannelOperation('square', 'ListPaymentRefunds')
  list(@Query() query: Record<string, unknown>) {
    const text = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
    const time = (name: string, fallback: number) => {
      const raw = text(name);
      if (raw === undefined) return fallback;
      const at = parseTime(raw);
      if (at === undefined) throw invalid('INVALID_TIME', `${name} is not RFC 3339.`, name);
      return at;
    };
    const now = this.clock();
    const begin = time('begin_time', now - YEAR_MS);
    const end = time('end_time', now);
    const order = text('sort_order') ?? 'DESC';
    if (order !== 'ASC' && order !== 'DESC')
      throw invalid('INVALID_ENUM_VALUE', 'sort_order must be ASC or DESC.', 'sort_order');
    const limit = text('limit') === undefined ? 100 : Number(text('limit'));
    if (!Number.isInteger(limit) || limit < 1)
      throw invalid('INVALID_VALUE', 'limit must be a positive integer.', 'limit');
    let offset = 0;
    const cursor = text('cursor');
    if (cursor !== undefined) {
      const at = decodeToken<{ o: number }>(cursor);
      if (!at || !Number.isInteger(at.o))
        throw invalid('INVALID_CURSOR', 'The cursor is not valid.', 'cursor');
      offset = at.o;
    }
    const location = text('location_id');
    const status = text('status');
    const all = this.all()
      .map((m) => m.refund)
      .filter((r) => {
        const created = Date.parse(r.created_at);
        return created >= begin && created <= end;
      })
      .filter((r) => location === undefined || r.location_id === location)
      .filter((r) => status === undefined || this.settled(r).status === status)
      .sort(
        (a, b) =>
          (Date.parse(a.created_at) - Date.parse(b.created_at)) * (order === 'ASC' ? 1 : -1),
      );
    const page = pageAt(all, offset, Math.min(limit, 100), this.faults.settings('square'));
    const out: Json = {};
    if (page.items.length > 0) out.refunds = page.items.map((r) => this.settled(r));
    if (page.nextOffset !== undefined) out.cursor = encodeToken({ o: page.nextOffset });
    return out;
  }

  /** GetPaymentRefund. */
  @Get(':refundId')
  @ChannelOperation('square', 'GetPaymentRefund')
  get(@Param('refundId') refundId: string) {
    const made = this.all().find((m) => m.refund.id === refundId);
    if (!made) throw notFound(`Could not find refund with id: ${refundId}`);
    return { refund: this.settled(made.refund) };
  }

  private all(): Made[] {
    return this.store.all<SquareOrder>('square').flatMap((o) => this.made.get(o) ?? []);
  }

  /** The order and tender holding this payment. */
  private payment(paymentId: string): { order: Stored; tender: Json } | undefined {
    for (const order of this.store.all<SquareOrder>('square')) {
      const tenders = Array.isArray(order.native.tenders) ? order.native.tenders : [];
      const tender = tenders.filter(isRecord).find((t) => t.payment_id === paymentId);
      if (tender) return { order, tender };
    }
    return undefined;
  }

  /** A refund read after the answer that made it has completed (also on its order). */
  private settled(refund: PaymentRefund): PaymentRefund {
    if (refund.status === 'PENDING') {
      refund.status = 'COMPLETED';
      refund.updated_at = new Date(this.clock()).toISOString();
      const order = this.store.get<SquareOrder>('square', refund.order_id);
      const onOrder = Array.isArray(order?.native.refunds) ? order.native.refunds : [];
      for (const r of onOrder.filter(isRecord)) if (r.id === refund.id) r.status = 'COMPLETED';
    }
    return structuredClone(refund);
  }
}

function requiredText(b: Json, field: string, max: number): string {
  const value = b[field];
  if (value === undefined || value === '')
    throw invalid('MISSING_REQUIRED_PARAMETER', 'Field must be set', field);
  if (typeof value !== 'string')
    throw invalid('INVALID_VALUE', `${field} must be a string.`, field);
  if (value.length > max)
    throw invalid('VALUE_TOO_LONG', `${field} must be at most ${max} characters.`, field);
  return value;
}

/** Money: a positive integer amount in the smallest unit and an ISO 4217 currency. */
function moneyOf(value: unknown): Money {
  if (!isRecord(value))
    throw invalid('MISSING_REQUIRED_PARAMETER', 'Field must be set', 'amount_money');
  if (!Number.isInteger(value.amount) || (value.amount as number) < 1)
    throw invalid(
      'INVALID_VALUE',
      'amount_money.amount must be a positive integer in the smallest currency unit.',
      'amount_money.amount',
    );
  if (typeof value.currency !== 'string' || !/^[A-Z]{3}$/.test(value.currency))
    throw invalid(
      'INVALID_ENUM_VALUE',
      'amount_money.currency is not a currency.',
      'amount_money.currency',
    );
  return { amount: value.amount as number, currency: value.currency };
}
