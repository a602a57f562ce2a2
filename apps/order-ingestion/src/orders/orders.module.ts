import { JobsRuntime } from '@retail/platform-jobs';
import { CommitSignals } from './persistence/commit-signals';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { governedBackofficeProvider, governedErpProvider } from '@retail/backoffice-adapters';
import { MasterDataReadModel } from '@retail/masterdata-readmodel';
import { CancelOrderHandler } from './cancel/cancel-order.handler';
import { ReleaseHoldHandler } from './cancel/release-hold.handler';
import { ChannelAuthGuard } from './channels-http/channel-auth.guard';
import { ChannelOrdersHttpController } from './channels-http/channel-orders.http.controller';
import { IngestChannelOrderHandler } from './channels-http/ingest-channel-order.handler';
import { ErpBreaker } from './erp/erp-breaker';
import { ErpCall } from './erp/erp-call';
import { ErpCustomers } from './erp/erp-customers';
import { ErpPostings } from './erp/erp-posting';
import { ErpJobProcessor } from './erp/erp-job.processor';
import { ErpQueue } from './erp/erp-queue';
import { ErpWorker } from './erp/erp-worker';
import { FulfillmentEventsHttpController } from './fulfillment/fulfillment-events.http.controller';
import { RecordFulfillmentEventHandler } from './fulfillment/record-fulfillment-event.handler';
import { IngestOrderHandler } from './ingest/ingest-order.handler';
import { OrdersHttpController } from './ingest/orders.http.controller';
import { OrdersMetrics } from './orders-metrics';
import { GetOrderHandler } from './query/get-order.handler';
import { ListOrdersHandler } from './query/list-orders.handler';
import { OrderIntake } from './persistence/order-intake';
import { EraseCustomerConsumer } from './erasure/erase-customer.consumer';
import { OrderReturnsConsumer } from './returns/order-returns.consumer';
import { OrderEventsEraser } from './erasure/order-events.eraser';
import { OrdersRepository } from './persistence/orders.repository';
import { ChannelPaymentUpdates } from './payment-status/channel-payment-updates';
import { PaymentGraceWorker } from './payment-status/payment-grace.worker';
import { PaymentStatusHandler } from './payment-status/payment-status.handler';
import { PaymentStatusHttpController } from './payment-status/payment-status.http.controller';
import { PaymentUpdatesStore } from './payment-status/payment-updates.store';
import { LocalSteps } from './pipeline/local-steps';
import { OrderProcessor } from './pipeline/order-processor';
import { PipelineWorker } from './pipeline/pipeline.worker';
import { RemoteSteps } from './pipeline/remote-steps';
import { RetryOrderHandler } from './retry/retry-order.handler';
import { RetryOrderHttpController } from './retry/retry-order.http.controller';
import { CatalogPort } from './ports/catalog.port';
import { CustomerMatcherPort } from './ports/customer-matcher.port';
import { ERP_ADAPTER } from './ports/erp.port';
import { HttpCustomerMatcher } from './ports/http-customer-matcher';
import { HttpInventoryClient } from './ports/http-inventory.client';
import { InventoryPort } from './ports/inventory.port';

/** Replaceable adapters to the outside (tests swap in fakes; production uses these). */
export interface OrdersPorts {
  catalog?: Provider;
  inventory?: Provider;
  customers?: Provider;
  /**
   * An ERP adapter bound to ERP_INNER_ADAPTER (@retail/backoffice-adapters): it replaces the
   * one built from ERP_KIND but still sits behind the account's governor.
   */
  erp?: Provider;
}

const DEFAULT_PORTS: Omit<Required<OrdersPorts>, 'erp'> = {
  catalog: { provide: CatalogPort, useExisting: MasterDataReadModel },
  inventory: { provide: InventoryPort, useClass: HttpInventoryClient },
  customers: { provide: CustomerMatcherPort, useClass: HttpCustomerMatcher },
};

/**
 * The ERP client every service shares (one set of ERP_* variables), behind the account-wide
 * governor: order creation and cancellation take permits at the highest priority.
 */
const ERP_PROVIDERS: Provider[] = [governedBackofficeProvider, governedErpProvider(ERP_ADAPTER)];

@Module({})
export class OrdersModule {
  static register(ports: OrdersPorts = {}): DynamicModule {
    const bound = { ...DEFAULT_PORTS, ...ports };
    return {
      module: OrdersModule,
      controllers: [
        OrdersHttpController,
        ChannelOrdersHttpController,
        FulfillmentEventsHttpController,
        RetryOrderHttpController,
        PaymentStatusHttpController,
        EraseCustomerConsumer,
        OrderReturnsConsumer,
      ],
      providers: [
        bound.catalog,
        bound.inventory,
        bound.customers,
        ...ERP_PROVIDERS,
        ...(ports.erp ? [ports.erp] : []),
        CommitSignals,
        OrdersRepository,
        OrderEventsEraser,
        OrderIntake,
        OrdersMetrics,
        IngestOrderHandler,
        IngestChannelOrderHandler,
        ChannelAuthGuard,
        CancelOrderHandler,
        ReleaseHoldHandler,
        RetryOrderHandler,
        RecordFulfillmentEventHandler,
        GetOrderHandler,
        ListOrdersHandler,
        JobsRuntime,
        LocalSteps,
        RemoteSteps,
        OrderProcessor,
        PipelineWorker,
        ErpBreaker,
        ErpCall,
        ErpQueue,
        ErpJobProcessor,
        ErpWorker,
        ErpCustomers,
        ErpPostings,
        PaymentUpdatesStore,
        PaymentStatusHandler,
        ChannelPaymentUpdates,
        PaymentGraceWorker,
      ],
    };
  }
}
