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
import { ErpDispatcher } from './erp/erp-dispatcher';
import { ErpJobProcessor } from './erp/erp-job.processor';
import { ErpQueueRepository } from './erp/erp-queue.repository';
import { FulfillmentEventsHttpController } from './fulfillment/fulfillment-events.http.controller';
import { RecordFulfillmentEventHandler } from './fulfillment/record-fulfillment-event.handler';
import { IngestOrderHandler } from './ingest/ingest-order.handler';
import { OrdersHttpController } from './ingest/orders.http.controller';
import { OrdersMetrics } from './orders-metrics';
import { GetOrderHandler } from './query/get-order.handler';
import { ListOrdersHandler } from './query/list-orders.handler';
import { OrderJournal } from './persistence/order-journal';
import { OrdersRepository } from './persistence/orders.repository';
import { PipelineRepository } from './pipeline/pipeline.repository';
import { PipelineSignal } from './pipeline/pipeline-signal';
import { PipelineWorker } from './pipeline/pipeline.worker';
import { STEP_HANDLERS } from './pipeline/step-handler';
import { CustomerStep } from './pipeline/steps/customer.step';
import { ErpStep } from './pipeline/steps/erp.step';
import { HoldsStep } from './pipeline/steps/holds.step';
import { ReleaseStep } from './pipeline/steps/release.step';
import { ReserveStep } from './pipeline/steps/reserve.step';
import { RoutingStep } from './pipeline/steps/routing.step';
import { SkusStep } from './pipeline/steps/skus.step';
import { ValidateStep } from './pipeline/steps/validate.step';
import { CatalogPort } from './ports/catalog.port';
import { CustomerMatcherPort } from './ports/customer-matcher.port';
import { ERP_ADAPTER } from './ports/erp.port';
import { HttpCustomerMatcher } from './ports/http-customer-matcher';
import { HttpInventoryClient } from './ports/http-inventory.client';
import { InventoryPort } from './ports/inventory.port';

const STEPS = [
  ValidateStep,
  CustomerStep,
  SkusStep,
  HoldsStep,
  RoutingStep,
  ReserveStep,
  ErpStep,
  ReleaseStep,
];

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
        ...STEPS,
        { provide: STEP_HANDLERS, inject: STEPS, useFactory: (...steps: unknown[]) => steps },
        OrdersRepository,
        OrderJournal,
        OrdersMetrics,
        IngestOrderHandler,
        IngestChannelOrderHandler,
        ChannelAuthGuard,
        CancelOrderHandler,
        ReleaseHoldHandler,
        RecordFulfillmentEventHandler,
        GetOrderHandler,
        ListOrdersHandler,
        PipelineSignal,
        PipelineRepository,
        PipelineWorker,
        ErpBreaker,
        ErpCall,
        ErpQueueRepository,
        ErpJobProcessor,
        ErpDispatcher,
      ],
    };
  }
}
