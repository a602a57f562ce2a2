import { Module } from '@nestjs/common';
import { LocationsController } from './locations.http.controller';
import { LocationQueries } from './persistence/location.queries';
import { PutLocationHandler } from './put-location/put-location.handler';

@Module({
  controllers: [LocationsController],
  providers: [PutLocationHandler, LocationQueries],
})
export class LocationsModule {}
