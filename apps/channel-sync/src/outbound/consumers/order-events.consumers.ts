import { Ctx, Payload } from '@nestjs/microservices';
import {
  type CloudEvent,
  DOMAIN_STREAMS,
  type OrderCancelledEvent,
  type OrderShippedEvent,
  type OrderStatusChangedEvent,
  type ReturnRefundedEvent,
  SUBJECTS,
} from '@retail/contracts';
import {
  type ConsumerResult,
  InboxService,
  ConsumeEvents,
  type JetStreamHandler,
  type MessageMeta,
  Ok,
  validEvent,
  Skipped,
} from '@retail/platform-messaging';
import { Controller, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ChannelClients } from '../../channels/channel-clients';
import { channelSyncMetrics } from '../../common/metrics';
import { ForwardedOrdersStore } from '../../inbound/persistence/forwarded-orders.store';
import { OutboundQueue, type OrderPushPayload } from '../persistence/outbound-queue';

/**
 * Turns a canonical order event of a configured account into a push job, once per event (inbox,
 * in the job's transaction). Events of channels without an account are skipped.
 */
@Injectable()
export class OrderPushEnqueuer {
  constructor(
    private readonly db: DataSource,
    private readonly inbox: InboxService,
    private readonly clients: ChannelClients,
    private readonly queue: OutboundQueue,
  ) {}

  accountOf(channel: string): string | undefined {
    return this.clients.all().find((c) => c.account.channel === channel)?.account.channel;
  }

  async enqueue(
    meta: MessageMeta,
    eventId: string,
    account: string,
    payload: OrderPushPayload,
  ): Promise<ConsumerResult> {
    const outcome = await this.db.transaction((m: EntityManager) =>
      this.inbox.runOnceIn(m, meta.consumer, eventId, (tx) =>
        this.queue.enqueueOrderPush(tx, account, payload),
      ),
    );
    return outcome === 'processed' ? Ok : Skipped;
  }
}

/** A push deliberately not made, counted by why. */
function skipped(account: string, kind: string, outcome: string): ConsumerResult {
  channelSyncMetrics.outboundPushes().inc({ channel: account, kind, outcome });
  return Skipped;
}

/** `order.shipped` -> a shipment push with carrier and tracking, per fulfilment event. */
@Controller()
export class ShipmentPushConsumer implements JetStreamHandler<unknown> {
  constructor(private readonly enqueuer: OrderPushEnqueuer) {}

  @ConsumeEvents({
    durable: 'channel-sync--shipment-push',
    stream: DOMAIN_STREAMS.orders.name,
    filterSubject: SUBJECTS.ORDER_SHIPPED,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const { id, data } = validEvent<OrderShippedEvent>(plain);
    const account = this.enqueuer.accountOf(data.channel);
    if (!account) return Skipped;
    return this.enqueuer.enqueue(meta, id, account, {
      kind: 'shipment',
      orderId: data.orderId,
      occurredAt: data.occurredAt,
      push: {
        channelOrderId: data.channelOrderId,
        shipmentId: data.fulfillmentEventId,
        ...(data.carrier ? { carrier: data.carrier } : {}),
        ...(data.trackingNumber ? { trackingNumber: data.trackingNumber } : {}),
        lines: data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        shippedAt: data.occurredAt,
      },
    });
  }
}

/**
 * `order.cancelled` -> a cancellation push, unless the order was cancelled in the channel (we
 * forwarded it cancelled): that one is not echoed back.
 */
@Controller()
export class CancellationPushConsumer implements JetStreamHandler<unknown> {
  constructor(
    private readonly enqueuer: OrderPushEnqueuer,
    private readonly forwarded: ForwardedOrdersStore,
  ) {}

  @ConsumeEvents({
    durable: 'channel-sync--cancellation-push',
    stream: DOMAIN_STREAMS.orders.name,
    filterSubject: SUBJECTS.ORDER_CANCELLED,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const { id, data } = validEvent<OrderCancelledEvent>(plain);
    const account = this.enqueuer.accountOf(data.channel);
    if (!account) return Skipped;
    const seen = await this.forwarded.find(account, data.channelOrderId);
    if (seen?.cancelled) return skipped(account, 'cancellation', 'skipped_echo');
    return this.enqueuer.enqueue(meta, id, account, {
      kind: 'cancellation',
      orderId: data.orderId,
      occurredAt: data.cancelledAt,
      push: {
        channelOrderId: data.channelOrderId,
        cancellationId: id,
        lines: data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        ...(data.reason ? { reason: data.reason } : {}),
      },
    });
  }
}

/** `order.status-changed` to `erp_confirmed` -> an acknowledgement where the channel has one. */
@Controller()
export class AcknowledgementPushConsumer implements JetStreamHandler<unknown> {
  constructor(
    private readonly enqueuer: OrderPushEnqueuer,
    private readonly clients: ChannelClients,
  ) {}

  @ConsumeEvents({
    durable: 'channel-sync--acknowledgement-push',
    stream: DOMAIN_STREAMS.orders.name,
    filterSubject: SUBJECTS.ORDER_STATUS_CHANGED,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const { id, data } = validEvent<OrderStatusChangedEvent>(plain);
    if (data.status !== 'erp_confirmed') return Skipped;
    const account = this.enqueuer.accountOf(data.channel);
    if (!account || !this.clients.get(account).client.acknowledgeOrder) return Skipped;
    return this.enqueuer.enqueue(meta, id, account, {
      kind: 'acknowledgement',
      orderId: data.orderId,
      channelOrderId: data.channelOrderId,
      occurredAt: data.changedAt,
    });
  }
}

/**
 * `return.refunded` -> a refund push to the channel the order came from (found by our order id
 * in `forwarded_orders`; the event's `channel` is where the return started). Not pushed: store
 * credit (no money back to the channel's payment), a return started in the order's own channel
 * (the channel refunded it there: no echo), an order channel-sync never forwarded.
 */
@Controller()
export class RefundPushConsumer implements JetStreamHandler<unknown> {
  constructor(
    private readonly enqueuer: OrderPushEnqueuer,
    private readonly forwarded: ForwardedOrdersStore,
  ) {}

  @ConsumeEvents({
    durable: 'channel-sync--refund-push',
    stream: DOMAIN_STREAMS.returns.name,
    filterSubject: SUBJECTS.RETURN_REFUNDED,
  })
  async handle(
    @Payload() plain: CloudEvent<unknown>,
    @Ctx() meta: MessageMeta,
  ): Promise<ConsumerResult> {
    const { id, data } = validEvent<ReturnRefundedEvent>(plain);
    const origin = await this.forwarded.findByOrderId(data.orderId);
    const account = origin && this.enqueuer.accountOf(origin.account);
    if (!origin || !account) return Skipped;
    const skip = refundSkipReason(data, account);
    if (skip) return skipped(account, 'refund', skip);
    return this.enqueuer.enqueue(meta, id, account, {
      kind: 'refund',
      orderId: data.orderId,
      occurredAt: data.refundedAt,
      push: {
        channelOrderId: origin.channelOrderId,
        refundId: data.returnId,
        currency: data.refund.currency,
        amount: data.refund.total,
        lines: data.refund.lines.map((l) => ({
          sku: l.sku,
          quantity: l.quantity,
          amount: l.total,
        })),
      },
    });
  }
}

/** Why a refund is not pushed to the order's channel, if it is not. */
export function refundSkipReason(
  data: Pick<ReturnRefundedEvent, 'method' | 'channel'>,
  account: string,
): 'skipped_store_credit' | 'skipped_echo' | undefined {
  if (data.method !== 'original_payment') return 'skipped_store_credit';
  if (data.channel === account) return 'skipped_echo';
  return undefined;
}
