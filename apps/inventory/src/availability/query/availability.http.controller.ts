import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  Availability,
  AvailabilityQuery,
  AvailabilityQueryResult,
  IsChannel,
  IsId,
} from '@retail/contracts';
import { assertCanActFor, CurrentPrincipal, Principal, Scopes } from '@retail/platform-http';
import { AvailabilityService } from '../availability.service';

/** Query string of `GET /v1/availability/{sku}`. */
export class AvailabilityParams {
  @IsChannel()
  channel: string;

  @IsOptional()
  @IsId(64)
  locationId?: string;
}

@ApiTags('availability')
@Controller()
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get('availability/:sku')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'What a channel may sell of a SKU, in a node of the hierarchy' })
  @ApiOkResponse({ description: 'The availability', type: Availability })
  async one(
    @Param('sku') sku: string,
    @Query() query: AvailabilityParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Availability> {
    assertCanActFor(principal, query.channel);
    const [result] = await this.availability.forSkus([sku], query.channel, query.locationId);
    return result;
  }

  /** Fastify reads `::` as a literal colon: the route is `/v1/availability:query`. */
  @Post('availability::query')
  @Scopes('admin', 'channel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Availability of up to 1000 SKUs in one call (from the in-memory view)',
  })
  @ApiOkResponse({ description: 'One item per SKU', type: AvailabilityQueryResult })
  async bulk(
    @Body() body: AvailabilityQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AvailabilityQueryResult> {
    assertCanActFor(principal, body.channel);
    const items = await this.availability.forSkus(body.skus, body.channel, body.locationId);
    return { items };
  }
}
