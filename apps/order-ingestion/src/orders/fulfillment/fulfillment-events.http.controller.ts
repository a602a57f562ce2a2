import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FulfillmentEvent, ORDER_STATUSES } from '@retail/contracts';
import {
  assertAtLocation,
  CurrentPrincipal,
  OpenApi,
  Principal,
  Scopes,
} from '@retail/platform-http';
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
  @ApiOkResponse({
    description: "Applied (a repeated eventId answers the first result): the order's new status",
    schema: OpenApi.object({
      eventId: OpenApi.string(),
      orderId: OpenApi.string(),
      status: OpenApi.oneOf(ORDER_STATUSES),
    }),
  })
  record(@Body() body: FulfillmentEvent, @CurrentPrincipal() principal: Principal) {
    assertAtLocation(principal, body.locationId);
    return this.handler.execute(body, principal);
  }
}
