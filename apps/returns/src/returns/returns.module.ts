import { JobsRuntime } from '@retail/platform-jobs';
import { Module } from '@nestjs/common';
import { GOVERNED_BACKOFFICE, governedBackofficeProvider } from '@retail/backoffice-adapters';
import { SessionLock } from '@retail/platform-persistence';
import { ServiceDependencies } from '@retail/platform-service';
import { CreateReturnHandler } from './create-return/create-return.handler';
import { OrderLoader } from './create-return/order-loader';
import { EraseCustomerConsumer } from './erasure/erase-customer.consumer';
import { GetReturnHandler } from './get-return/get-return.handler';
import { ListReturnsHandler } from './list-returns/list-returns.handler';
import { ReconciliationHttpController } from './http/reconciliation.http.controller';
import { ReturnsHttpController } from './http/returns.http.controller';
import { InspectReturnHandler } from './inspect-return/inspect-return.handler';
import { ReturnsMetrics } from './metrics/returns.metrics';
import { LedgerRepository } from './persistence/ledger.repository';
import { ReturnsRepository } from './persistence/returns.repository';
import { StepsRepository } from './persistence/steps.repository';
import { HttpInventoryClient, INVENTORY_CLIENT } from './ports/inventory-client';
import { HttpOrdersClient } from './ports/http-orders.client';
import { ORDERS_CLIENT } from './ports/orders-client';
import { PRODUCT_CATALOG } from './ports/product-catalog';
import { ReadModelProductCatalog } from './ports/readmodel-product-catalog';
import { ReceiveReturnHandler } from './receive-return/receive-return.handler';
import { ReconcileRefundsHandler } from './reconcile-refunds/reconcile-refunds.handler';
import { ReconciliationRunsRepository } from './reconcile-refunds/reconciliation-runs.repository';
import { ReconciliationMetrics } from './reconcile-refunds/reconciliation.metrics';
import { RefundReconciliationRunner } from './reconcile-refunds/refund-reconciliation.runner';
import { RefundReconciliationWorker } from './reconcile-refunds/refund-reconciliation.worker';
import { ReviewReturnHandler } from './review-return/review-return.handler';
import { CloseStep } from './workflow/steps/close.step';
import { ErpAuthorizationStep } from './workflow/steps/erp-authorization.step';
import { ErpCreditStep } from './workflow/steps/erp-credit.step';
import { AdvanceDueStep } from './workflow/steps/advance-due.step';
import { ExchangeCharges, ExchangeStep } from './workflow/steps/exchange.step';
import { RefundStep } from './workflow/steps/refund.step';
import { StockStep } from './workflow/steps/stock.step';
import { BACKOFFICE, WORKFLOW_STEPS } from './workflow/workflow-step';
import { WorkflowRunner } from './workflow/workflow.runner';
import { WorkflowWorker } from './workflow/workflow.worker';

const STEPS = [
  ErpAuthorizationStep,
  StockStep,
  RefundStep,
  ExchangeStep,
  ErpCreditStep,
  CloseStep,
  AdvanceDueStep,
];

const ports = [
  {
    provide: ORDERS_CLIENT,
    inject: [ServiceDependencies],
    useFactory: (d: ServiceDependencies) => new HttpOrdersClient(d.client('order-ingestion')),
  },
  {
    provide: INVENTORY_CLIENT,
    inject: [ServiceDependencies],
    useFactory: (d: ServiceDependencies) => new HttpInventoryClient(d.client('inventory')),
  },
  // The library's one back-office client; its ERP waits on the account governor (return
  // authorizations and credit memos run at `return` priority, after orders).
  governedBackofficeProvider,
  { provide: BACKOFFICE, useExisting: GOVERNED_BACKOFFICE },
  { provide: PRODUCT_CATALOG, useClass: ReadModelProductCatalog },
];

/** Returns orchestration: authorization, the persisted workflow and its worker. */
@Module({
  controllers: [ReturnsHttpController, ReconciliationHttpController, EraseCustomerConsumer],
  providers: [
    ...ports,
    ...STEPS,
    { provide: WORKFLOW_STEPS, inject: STEPS, useFactory: (...steps: unknown[]) => steps },
    ReturnsRepository,
    LedgerRepository,
    StepsRepository,
    ExchangeCharges,
    OrderLoader,
    CreateReturnHandler,
    GetReturnHandler,
    ListReturnsHandler,
    ReceiveReturnHandler,
    InspectReturnHandler,
    ReviewReturnHandler,
    ReconcileRefundsHandler,
    ReconciliationRunsRepository,
    RefundReconciliationRunner,
    RefundReconciliationWorker,
    ReconciliationMetrics,
    SessionLock,
    WorkflowRunner,
    JobsRuntime,
    WorkflowWorker,
    ReturnsMetrics,
  ],
})
export class ReturnsModule {}
