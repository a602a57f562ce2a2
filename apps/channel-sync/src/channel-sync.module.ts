import { Module } from '@nestjs/common';
import { SessionLock } from '@retail/platform-persistence';
import { ServiceDependencies } from '@retail/platform-service';
import { AccountsBootstrap } from './accounts/accounts.bootstrap';
import { AccountsHttpController } from './accounts/accounts.http.controller';
import { AccountStateStore } from './accounts/persistence/account-state.store';
import { EraseCustomerConsumer } from './erasure/erase-customer.consumer';
import { ChannelClients } from './channels/channel-clients';
import { RateLimitStore } from './channels/persistence/rate-limit.store';
import { HttpOrdersAdapter } from './inbound/forward/http-orders.adapter';
import { OrderForwarder } from './inbound/forward/order-forwarder';
import { ORDERS_PORT } from './inbound/forward/orders.port';
import { NotifyHandler } from './inbound/notify/notify.handler';
import { WebhooksHttpController } from './inbound/notify/webhooks.http.controller';
import { ForwardedOrdersStore } from './inbound/persistence/forwarded-orders.store';
import { PullHttpController } from './inbound/pull/pull.http.controller';
import { PullRunner } from './inbound/pull/pull.runner';
import { PullScheduler } from './inbound/pull/pull.scheduler';
import { ReconcileHandler } from './reconcile/reconcile.handler';
import { ReconcileHttpController } from './reconcile/reconcile.http.controller';
import { ReconcileScheduler } from './reconcile/reconcile.scheduler';
import { JobsRuntime } from '@retail/platform-jobs';
import { AvailabilityConsumer } from './outbound/consumers/availability.consumer';
import {
  AcknowledgementPushConsumer,
  CancellationPushConsumer,
  OrderPushEnqueuer,
  RefundPushConsumer,
  ShipmentPushConsumer,
} from './outbound/consumers/order-events.consumers';
import { OutboundHttpController } from './outbound/outbound.http.controller';
import { OutboundRunner } from './outbound/outbound.runner';
import { AvailabilityDrift } from './outbound/availability-drift';
import { OutboundAvailabilityStore } from './outbound/persistence/outbound-availability.store';
import { OutboundQueue } from './outbound/persistence/outbound-queue';

/** Channel accounts, the inbound pulls and notifications, the outbound pushes, reconciliation. */
@Module({
  controllers: [
    AccountsHttpController,
    PullHttpController,
    WebhooksHttpController,
    ReconcileHttpController,
    OutboundHttpController,
    AvailabilityConsumer,
    ShipmentPushConsumer,
    CancellationPushConsumer,
    AcknowledgementPushConsumer,
    RefundPushConsumer,
    EraseCustomerConsumer,
  ],
  providers: [
    AccountStateStore,
    SessionLock,
    AccountsBootstrap,
    RateLimitStore,
    ChannelClients,
    ForwardedOrdersStore,
    {
      provide: ORDERS_PORT,
      inject: [ServiceDependencies],
      useFactory: (d: ServiceDependencies) => new HttpOrdersAdapter(d.client('order-ingestion')),
    },
    OrderForwarder,
    PullRunner,
    PullScheduler,
    NotifyHandler,
    ReconcileHandler,
    ReconcileScheduler,
    JobsRuntime,
    OutboundQueue,
    OutboundAvailabilityStore,
    OutboundRunner,
    AvailabilityDrift,
    OrderPushEnqueuer,
  ],
})
export class ChannelSyncModule {}
