import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHANNEL_PATTERN, ChannelMapping } from '@retail/contracts';
import {
  assertCanActFor,
  CurrentPrincipal,
  ProblemException,
  type Principal,
  Scopes,
} from '@retail/platform-http';
import type { FastifyReply } from 'fastify';
import { MasterDataException } from '../common/master-data.exception';
import { assertPathId } from '../common/path-params';
import { MAPPING_SCHEMA } from '../common/response-schemas';
import { ChannelMappingQueries } from './channel-mapping.queries';
import { PutChannelMappingHandler } from './put-channel-mapping.handler';

@ApiTags('channel-mappings')
@Controller('channel-mappings')
export class ChannelMappingsController {
  constructor(
    private readonly put: PutChannelMappingHandler,
    private readonly queries: ChannelMappingQueries,
  ) {}

  @Put(':channel/:channelSku')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: "Map a channel's SKU to the canonical SKU (admin or that channel)" })
  @ApiOkResponse({ description: 'Updated (or unchanged)', schema: MAPPING_SCHEMA })
  @ApiCreatedResponse({ description: 'Created', schema: MAPPING_SCHEMA })
  async upsert(
    @Param('channel') channel: string,
    @Param('channelSku') channelSku: string,
    @Body() body: ChannelMapping,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertChannel(channel);
    assertPathId('channelSku', channelSku, 128);
    assertCanActFor(principal, channel);
    const result = await this.put.execute(channel, channelSku, body);
    reply.status(result.created ? 201 : 200);
    return result.mapping;
  }

  @Get(':channel/:channelSku')
  @Scopes('admin', 'channel')
  @ApiOperation({ summary: 'A channel SKU mapping' })
  @ApiOkResponse({ schema: MAPPING_SCHEMA })
  async get(@Param('channel') channel: string, @Param('channelSku') channelSku: string) {
    const mapping = await this.queries.find(channel, channelSku);
    if (!mapping) throw MasterDataException.notFound(`mapping ${channel}/${channelSku}`);
    return mapping;
  }
}

function assertChannel(channel: string): void {
  if (!CHANNEL_PATTERN.test(channel)) {
    throw new ProblemException(422, 'validation-failed', 'The request is not valid', [
      { field: 'channel', message: 'channel must be lowercase letters, digits, - or _' },
    ]);
  }
}
