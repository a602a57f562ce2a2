import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FulfillmentEvent } from '@retail/contracts';
import { assertAtLocation, CurrentPrincipal, Principal, Scopes } from '@retail/platform-http';
import { RecordFulfillmentEventHandler } from './record-fulfillment-event.handler';

/**
 * WMS and store events; idempotent by `eventId` (a repeat answers the first result). Only the
 * warehouse, a store (at its own location) or an administrator: a channel key never ships.
 */
@ApiTags('fulfillment')
@Controller('fulfillment-events')
export class FulfillmentEventsHttpController {
  constructor(private readonly handler: RecordFulfillmentEventHandler) {}

  @Post()
  @HttpCode(200)
  @Scopes('admin', 'wms', 'store')
  record(@Body() body: FulfillmentEvent, @CurrentPrincipal() principal: Principal) {
    assertAtLocation(principal, body.locationId);
    return this.handler.execute(body, principal);
  }
}
