import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import {
  AVAILABILITY_QUERY_CONTRACT,
  INVENTORY_MOVEMENT_CONTRACT,
  RESERVATION_REQUEST_CONTRACT,
} from '@retail/contracts';
import { AllocationRulesController } from './allocation/put-rules/allocation-rules.http.controller';
import { PutAllocationRulesHandler } from './allocation/put-rules/put-allocation-rules.handler';
import { ChannelLimits } from './allocation/channel-limits.service';
import { AvailabilityService } from './availability/availability.service';
import { AvailabilityFlusher } from './availability/coalesce/availability-flusher';
import { AvailabilityController } from './availability/query/availability.http.controller';
import { AvailabilityView } from './availability/view/availability-view';
import { WriteGate } from './common/keyed-gate';
import { StockEffects } from './common/stock-effects';
import { erpAdapterProviders } from './erp/erp-adapter.provider';
import { ErpInventoryPoster } from './erp/erp-inventory.poster';
import { ErpItemMapper } from './erp/erp-item-mapper';
import { ReconciliationController } from './erp/reconciliation.http.controller';
import { ReconciliationService } from './erp/reconciliation.service';
import { LedgerStore } from './ledger/ledger.store';
import { LocationDirectory } from './locations/location-directory';
import { MovementStateLoader } from './movements/persistence/movement-state.loader';
import { BatchedMovementConsumer } from './movements/record-movements/batched-movement.consumer';
import { RecordMovementsController } from './movements/record-movements/record-movements.http.controller';
import { RecordMovementsHandler } from './movements/record-movements/record-movements.handler';
import { PositionStore } from './positions/persistence/position.store';
import { PositionsController } from './positions/positions.http.controller';
import { ConsumeOnShipmentConsumer } from './reservations/consume-on-shipment/consume-on-shipment.consumer';
import { ConsumeShipmentHandler } from './reservations/consume-on-shipment/consume-shipment.handler';
import { ReservationExpirySweeper } from './reservations/expire/reservation-expiry.sweeper';
import { HoldsService } from './reservations/persistence/holds.service';
import { ReservationStore } from './reservations/persistence/reservation.store';
import { ReleaseReservationHandler } from './reservations/release/release-reservation.handler';
import { ReservationReleaser } from './reservations/release/reservation-releaser';
import {
  ReservationBatchController,
  ReservationsController,
} from './reservations/reservations.http.controller';
import { ServiceDependencies } from '@retail/platform-service';
import {
  ChannelOrderCheck,
  HttpOrderDirectory,
  ORDER_DIRECTORY,
} from './reservations/order-check/channel-order-check';
import { ReserveBatchHandler } from './reservations/reserve-stock/reserve-batch.handler';
import { ReserveStockHandler } from './reservations/reserve-stock/reserve-stock.handler';

/** Positions, movements, availability, allocation, reservations and the ERP link. */
@Module({
  controllers: [
    RecordMovementsController,
    PositionsController,
    AvailabilityController,
    AllocationRulesController,
    ReservationsController,
    ReservationBatchController,
    ReconciliationController,
    ConsumeOnShipmentConsumer,
    BatchedMovementConsumer,
  ],
  providers: [
    WriteGate,
    PositionStore,
    LedgerStore,
    StockEffects,
    LocationDirectory,
    MovementStateLoader,
    RecordMovementsHandler,
    ChannelLimits,
    PutAllocationRulesHandler,
    AvailabilityView,
    AvailabilityService,
    AvailabilityFlusher,
    ReservationStore,
    HoldsService,
    ReserveStockHandler,
    ReserveBatchHandler,
    ChannelOrderCheck,
    {
      provide: ORDER_DIRECTORY,
      inject: [ServiceDependencies],
      useFactory: (d: ServiceDependencies) => new HttpOrderDirectory(d.client('order-ingestion')),
    },
    ReservationReleaser,
    ReleaseReservationHandler,
    ReservationExpirySweeper,
    ConsumeShipmentHandler,
    ...erpAdapterProviders,
    ErpItemMapper,
    ErpInventoryPoster,
    ReconciliationService,
  ],
})
export class InventoryModule implements OnApplicationBootstrap {
  /**
   * The hot routes' compiled contracts are compiled before the first request: compiling one on
   * first use stalled that request (and those queued behind it) for 50-180 ms, e.g. the first
   * checkout of a flash sale.
   */
  onApplicationBootstrap(): void {
    for (const contract of HOT_CONTRACTS) contract.warm();
  }
}

const HOT_CONTRACTS = [
  INVENTORY_MOVEMENT_CONTRACT,
  AVAILABILITY_QUERY_CONTRACT,
  RESERVATION_REQUEST_CONTRACT,
];
