import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ERP_ADAPTERS, ErpKind } from '@retail/backoffice-adapters';
import { SERVICE_CONFIG } from '@retail/platform-config';
import { MasterDataReadModel } from '@retail/masterdata-readmodel';
import type { OrderIngestionConfig } from '../config/env';
import { CancelOrderHandler } from './cancel/cancel-order.handler';
import { ReleaseHoldHandler } from './cancel/release-hold.handler';
import { ChannelAuthGuard } from './channels-http/channel-auth.guard';
import { ChannelOrdersHttpController } from './channels-http/channel-orders.http.controller';
import { IngestChannelOrderHandler } from './channels-http/ingest-channel-order.handler';
import { ErpBreaker } from './erp/erp-breaker';
import { ErpCall } from './erp/erp-call';
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
import { JobsRuntime } from './jobs-runtime';
import { OrderIntake } from './persistence/order-intake';
import { OrdersRepository } from './persistence/orders.repository';
import { LocalSteps } from './pipeline/local-steps';
import { OrderProcessor } from './pipeline/order-processor';
import { PipelineWorker } from './pipeline/pipeline.worker';
import { RemoteSteps } from './pipeline/remote-steps';
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
  erp?: Provider;
}

const DEFAULT_PORTS: Required<OrdersPorts> = {
  catalog: { provide: CatalogPort, useExisting: MasterDataReadModel },
  inventory: { provide: InventoryPort, useClass: HttpInventoryClient },
  customers: { provide: CustomerMatcherPort, useClass: HttpCustomerMatcher },
  erp: {
    provide: ERP_ADAPTER,
    inject: [SERVICE_CONFIG],
    useFactory: (c: OrderIngestionConfig) =>
      ERP_ADAPTERS[c.env.ERP_KIND as ErpKind]({
        baseUrl: c.env.ERP_BASE_URL,
        timeoutMs: c.env.ERP_TIMEOUT_MS,
      }),
  },
};

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
      ],
      providers: [
        bound.catalog,
        bound.inventory,
        bound.customers,
        bound.erp,
        OrdersRepository,
        OrderIntake,
        OrdersMetrics,
        IngestOrderHandler,
        IngestChannelOrderHandler,
        ChannelAuthGuard,
        CancelOrderHandler,
        ReleaseHoldHandler,
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
      ],
    };
  }
}
