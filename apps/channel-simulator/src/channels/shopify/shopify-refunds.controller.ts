import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { ChannelHttpError } from '../../common/channel-http.error';
import { shopifyTime } from '../../common/dates';
import { isRecord } from '../../common/request';
import { Clock, CLOCK } from '../../config/tokens';
import { ChannelOperation } from '../../gate/channel-operation.decorator';
import { CallsStore } from '../../store/calls.store';
import { OrderStore } from '../../store/order.store';
import { ChannelOrdersService } from '../channel-orders.service';
import { SHOPIFY_API_VERSION, ShopifyOrder } from './shopify.orders';

type Json = Record<string, unknown>;
type Stored = { id: string; native: ShopifyOrder };
/** Transaction and refund ids are derived from the order's (one capture per simulated order). */
const CAPTURE_ID_OFFSET = 1_000_000_000;

/**
 * REST Admin API 2024-04: an order's transactions (one successful `sale` of the order's total,
 * gateway `bogus`) and refunds. A refund names a parent transaction of the order and at most what
 * is left of it; it is kept in the order's `refunds` with its note and line items, and the
 * order's `financial_status` becomes `partially_refunded` or `refunded`.
 */
@ApiTags('shopify')
@Controller(`/admin/api/${SHOPIFY_API_VERSION}/orders/:id`)
export class ShopifyRefundsController {
  private refundSeq = 0;

  constructor(
    private readonly store: OrderStore,
    private readonly orders: ChannelOrdersService,
    private readonly calls: CallsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('transactions.json')
  @ChannelOperation('shopify', 'transactions.list')
  transactions(@Param('id') id: string) {
    const order = this.find(id);
    return { transactions: [captureOf(order)] };
  }

  @Post('refunds.json')
  @HttpCode(201)
  @ChannelOperation('shopify', 'refunds.create')
  refund(@Param('id') id: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const order = this.find(id);
    const r = isRecord(body) && isRecord(body.refund) ? body.refund : undefined;
    const txs = Array.isArray(r?.transactions) ? r.transactions.filter(isRecord) : [];
    const capture = captureOf(order);
    const amount = txs.reduce((sum, t) => sum + Number(t.amount), 0);
    if (!r || txs.length === 0 || txs.some((t) => Number(t.parent_id) !== capture.id))
      throw new ChannelHttpError(422, { errors: { parent_id: ['is invalid'] } });
    const refunded = refundedSoFar(order);
    if (
      !Number.isFinite(amount) ||
      amount <= 0 ||
      refunded + amount > Number(capture.amount) + 1e-9
    )
      throw new ChannelHttpError(422, {
        errors: { amount: ['must be less than or equal to the refundable amount'] },
      });
    const now = shopifyTime(new Date(this.clock()));
    const refund = {
      id: 8_800_000_000 + ++this.refundSeq,
      order_id: order.native.id,
      created_at: now,
      processed_at: now,
      note: typeof r.note === 'string' ? r.note : null,
      restock: false,
      refund_line_items: Array.isArray(r.refund_line_items) ? r.refund_line_items : [],
      transactions: txs.map((t) => ({
        ...t,
        amount: Number(t.amount).toFixed(2),
        kind: 'refund',
        status: 'success',
      })),
    };
    const refunds = (order.native.refunds ??= []) as Json[];
    refunds.push(refund);
    order.native.financial_status =
      refunded + amount >= Number(capture.amount) - 1e-9 ? 'refunded' : 'partially_refunded';
    this.orders.changed('shopify', order as never);
    this.calls.record({
      channel: 'shopify',
      kind: 'refund',
      operation: 'refunds.create',
      method: 'POST',
      path: request.url,
      body,
      orderId: order.id,
    });
    return { refund };
  }

  private find(id: string): Stored {
    const order = this.store.get<ShopifyOrder>('shopify', id);
    if (!order) throw new ChannelHttpError(404, { errors: 'Not Found' });
    return order;
  }
}

function captureOf(order: Stored) {
  return {
    id: order.native.id + CAPTURE_ID_OFFSET,
    order_id: order.native.id,
    kind: 'sale',
    status: 'success',
    gateway: 'bogus',
    amount: String(order.native.total_price ?? order.native.current_total_price ?? '0.00'),
    currency: order.native.currency,
  };
}

function refundedSoFar(order: Stored): number {
  return ((order.native.refunds ?? []) as Json[])
    .flatMap((r) => (Array.isArray(r.transactions) ? (r.transactions as Json[]) : []))
    .reduce((sum, t) => sum + Number(t.amount), 0);
}
