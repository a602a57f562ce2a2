import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Location } from '@retail/contracts';
import { OpenApi, Scopes } from '@retail/platform-http';
import type { FastifyReply } from 'fastify';
import { MasterDataException } from '../common/master-data.exception';
import { assertPathId } from '../common/path-params';
import { LOCATION_SCHEMA, RESPONSE_MODELS } from '../common/response-schemas';
import { LocationQueries } from './persistence/location.queries';
import { PutLocationHandler } from './put-location/put-location.handler';

@ApiTags('locations')
@ApiExtraModels(...RESPONSE_MODELS)
@Controller('locations')
export class LocationsController {
  constructor(
    private readonly put: PutLocationHandler,
    private readonly queries: LocationQueries,
  ) {}

  @Put(':id')
  @Scopes('admin')
  @ApiOperation({
    summary: 'Create or update a location (parent must exist, no cycles, version grows)',
  })
  @ApiOkResponse({ description: 'Updated', schema: LOCATION_SCHEMA })
  @ApiCreatedResponse({ description: 'Created', schema: LOCATION_SCHEMA })
  async upsert(
    @Param('id') id: string,
    @Body() body: Location,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertPathId('id', id);
    const result = await this.put.execute(id, body);
    reply.status(result.created ? 201 : 200);
    return result.location;
  }

  @Get(':id')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'A location with its ancestors (root first)' })
  @ApiOkResponse({ schema: LOCATION_SCHEMA })
  async get(@Param('id') id: string) {
    const location = await this.queries.find(id);
    if (!location) throw MasterDataException.notFound(`location ${id}`);
    return location;
  }

  @Get(':id/subtree')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'The location id and the ids of all its descendants' })
  @ApiOkResponse({
    schema: OpenApi.object({
      locationId: OpenApi.string(),
      locationIds: OpenApi.array(OpenApi.string(), { description: 'The location and below' }),
    }),
  })
  async subtree(@Param('id') id: string) {
    const ids = await this.queries.subtree(id);
    if (ids.length === 0) throw MasterDataException.notFound(`location ${id}`);
    return { locationId: id, locationIds: ids };
  }
}
