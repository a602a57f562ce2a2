import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { rfc2822 } from '../../common/dates';
import { isRecord } from '../../common/request';
import { vendorError } from '../../common/vendor-errors';
import { SimulatorConfig } from '../../config/env';
import { CLOCK, Clock, SIMULATOR_CONFIG } from '../../config/tokens';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { CallsStore } from '../../store/calls.store';
import { OrderStore } from '../../store/order.store';
import { StoredOrder } from '../channel';
import { ChannelOrdersService } from '../channel-orders.service';
import { BigCommerceOrder } from './bigcommerce.orders';

type Json = Record<string, unknown>;
/** The route's path parameters. */
type OrderPath = { storeHash: string; id: string };
/** V2 statuses a refund leads to: Refunded (4) and Partially Refunded (14). */
const REFUNDED = { full: [4, 'Refunded'], partial: [14, 'Partially Refunded'] } as const;

/**
 * V3 payment actions: refund quotes (one method: the order's card, online) and refunds of
 * `ORDER` amounts (items keep their `reason`), at most what is left of the order's total; the
 * order's `refunded_amount` and status follow.
 */
@ApiTags('bigcommerce')
@Controller('stores/:storeHash/v3/orders/:id/payment_actions')
export class BigCommerceRefundsController {
  private refundSeq = 0;
  /** Refunds per order (the order resource does not embed them). */
  private readonly refunds = new WeakMap<StoredOrder<BigCommerceOrder>, Json[]>();

  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly calls: CallsStore,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('refunds')
  @ChannelOperation('bigcommerce', 'v3.orders.payment_actions.refunds.list')
  list(@Param() at: OrderPath, @Req() request: FastifyRequest) {
    const order = this.find(at, request);
    const data = this.refunds.get(order) ?? [];
    return { data, meta: { pagination: { total: data.length, count: data.length } } };
  }

  @Post('refund_quotes')
  @HttpCode(201)
  @ChannelOperation('bigcommerce', 'v3.orders.payment_actions.refund_quotes.create')
  quote(@Param() at: OrderPath, @Body() body: unknown, @Req() request: FastifyRequest) {
    const order = this.find(at, request);
    const amount = this.requested(order, body, request);
    return {
      data: {
        order_id: order.native.order.id,
        total_refund_amount: amount,
        rounding: 0,
        adjustment: 0,
        tax_inclusive: true,
        refund_methods: [
          [{ provider_id: 'braintree', provider_description: 'Card', amount, offline: false }],
        ],
      },
    };
  }

  @Post('refunds')
  @HttpCode(201)
  @ChannelOperation('bigcommerce', 'v3.orders.payment_actions.refunds.create')
  refund(@Param() at: OrderPath, @Body() body: unknown, @Req() request: FastifyRequest) {
    const order = this.find(at, request);
    const amount = this.requested(order, body, request);
    const payments = isRecord(body) && Array.isArray(body.payments) ? body.payments : [];
    const paid = payments.reduce((n: number, p) => n + (isRecord(p) ? Number(p.amount) : NaN), 0);
    if (payments.length === 0 || Math.abs(paid - amount) > 0.005)
      throw vendorError(
        'bigcommerce',
        'conflict',
        'Payments do not add up to the refund.',
        request.url,
      );
    const native = order.native.order;
    const refunded = Number(native.refunded_amount ?? 0) + amount;
    const full = refunded >= Number(native.total_inc_tax) - 0.005;
    const [statusId, status] = full ? REFUNDED.full : REFUNDED.partial;
    Object.assign(native, {
      refunded_amount: refunded.toFixed(4),
      status_id: statusId,
      status,
      date_modified: rfc2822(new Date(this.clock())),
    });
    const refund = {
      id: ++this.refundSeq,
      order_id: native.id,
      created: new Date(this.clock()).toISOString(),
      total_amount: amount,
      items: (body as Json).items,
      payments,
    };
    this.refunds.set(order, [...(this.refunds.get(order) ?? []), refund]);
    this.orders.changed('bigcommerce', order);
    this.calls.record({
      channel: 'bigcommerce',
      kind: 'refund',
      operation: 'v3.orders.payment_actions.refunds.create',
      method: 'POST',
      path: request.url,
      body,
      orderId: order.id,
    });
    return { data: refund };
  }

  /** The amount asked (ORDER items), refused above what is left of the order's total. */
  private requested(order: StoredOrder<BigCommerceOrder>, body: unknown, request: FastifyRequest) {
    const items = isRecord(body) && Array.isArray(body.items) ? body.items.filter(isRecord) : [];
    const amount = items.reduce((n, i) => n + Number(i.amount), 0);
    const left =
      Number(order.native.order.total_inc_tax) - Number(order.native.order.refunded_amount ?? 0);
    if (items.length === 0 || items.some((i) => i.item_type !== 'ORDER') || !(amount > 0))
      throw vendorError('bigcommerce', 'bad_request', 'items must be ORDER amounts', request.url);
    if (amount > left + 0.005)
      throw vendorError(
        'bigcommerce',
        'conflict',
        'Refund amount exceeds the refundable amount.',
        request.url,
      );
    return Math.round(amount * 100) / 100;
  }

  private find({ storeHash: hash, id }: OrderPath, request: FastifyRequest) {
    const missing = () =>
      vendorError('bigcommerce', 'not_found', 'The requested resource was not found.', request.url);
    if (hash !== this.config.credentials.bigcommerce.storeHash) throw missing();
    const order = this.store.get<BigCommerceOrder>('bigcommerce', id);
    if (!order) throw missing();
    return order;
  }
}
