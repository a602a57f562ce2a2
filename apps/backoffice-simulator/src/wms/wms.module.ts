import { Module } from '@nestjs/common';
import { ShipmentDispatcher } from './shipment-dispatcher';
import { WmsController } from './wms.controller';
import { WmsService } from './wms.service';

@Module({
  controllers: [WmsController],
  providers: [WmsService, ShipmentDispatcher],
  exports: [WmsService, ShipmentDispatcher],
})
export class WmsModule {}
