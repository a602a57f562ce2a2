import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Simulates } from '../faults/simulated-system.decorator';
import { BalanceQueryDto, PageQueryDto } from './dto/netsuite.dto';
import { InventoryService } from './inventory.service';

@ApiTags('erp (NetSuite REST)')
@Simulates('erp')
@Controller('services/rest/record/v1')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get('inventoryItem')
  @ApiOperation({ summary: 'Item master export, paged by keyset cursor (`nextCursor`)' })
  items(@Query() query: PageQueryDto) {
    return this.inventory.items(query.limit, query.cursor);
  }

  @Get('inventoryBalance')
  @ApiOperation({ summary: 'On-hand per item and location (seed + inventory adjustments)' })
  balances(@Query() query: BalanceQueryDto) {
    return this.inventory.balances(
      { item: query.item, location: query.location },
      query.limit,
      query.cursor,
    );
  }
}
