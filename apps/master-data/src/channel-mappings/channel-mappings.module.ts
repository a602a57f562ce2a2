import { Module } from '@nestjs/common';
import { ChannelMappingQueries } from './channel-mapping.queries';
import { ChannelMappingsController } from './channel-mappings.http.controller';
import { PutChannelMappingHandler } from './put-channel-mapping.handler';

@Module({
  controllers: [ChannelMappingsController],
  providers: [PutChannelMappingHandler, ChannelMappingQueries],
})
export class ChannelMappingsModule {}
