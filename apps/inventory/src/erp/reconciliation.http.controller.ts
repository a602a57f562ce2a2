import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId } from '@retail/contracts';
import { OpenApi, Scopes } from '@retail/platform-http';
import { ReconciliationReport, ReconciliationService } from './reconciliation.service';

export class ReconciliationParams {
  @IsOptional()
  @IsId(64)
  sku?: string;

  @IsOptional()
  @IsId(64)
  locationId?: string;
}

const { array, dateTime, integer, object, string } = OpenApi;

/** Schema of {@link ReconciliationReport}. */
const REPORT = object({
  checkedAt: dateTime(),
  positions: integer({ minimum: 0, description: 'Positions compared' }),
  drifting: integer({ minimum: 0, description: 'Positions with a drift' }),
  items: array(
    object({
      sku: string(),
      locationId: string(),
      erpItemId: string(),
      erpLocationId: string(),
      onHand: integer(),
      unposted: integer({ description: 'Our changes not yet accepted by the ERP' }),
      erpOnHand: integer(),
      drift: integer({ description: 'onHand - unposted - erpOnHand' }),
    }),
  ),
});

@ApiTags('reconciliation')
@Controller('reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get('erp')
  @Scopes('admin')
  @ApiOperation({ summary: "Drift between the ERP's on-hand and ours, per SKU and location" })
  @ApiOkResponse({ schema: REPORT })
  erp(@Query() query: ReconciliationParams): Promise<ReconciliationReport> {
    return this.reconciliation.report(query);
  }
}
