import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FulfillmentEvent } from '@retail/contracts';
import { CurrentPrincipal, Principal } from '@retail/platform-http';
import { RecordFulfillmentEventHandler } from './record-fulfillment-event.handler';

/** WMS and store events; idempotent by `eventId` (a repeat answers the first result). */
@ApiTags('fulfillment')
@Controller('fulfillment-events')
export class FulfillmentEventsHttpController {
  constructor(private readonly handler: RecordFulfillmentEventHandler) {}

  @Post()
  @HttpCode(200)
  record(@Body() body: FulfillmentEvent, @CurrentPrincipal() principal: Principal) {
    return this.handler.execute(body, principal);
  }
}
