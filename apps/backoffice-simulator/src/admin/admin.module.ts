import { Module } from '@nestjs/common';
import { WmsModule } from '../wms/wms.module';
import { AdminController } from './admin.controller';
import { SeedService } from './seed.service';
import { StatsService } from './stats.service';

@Module({
  imports: [WmsModule],
  controllers: [AdminController],
  providers: [StatsService, SeedService],
})
export class AdminModule {}
