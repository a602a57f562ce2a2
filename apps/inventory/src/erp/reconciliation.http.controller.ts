import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsId } from '@retail/contracts';
import { Scopes } from '@retail/platform-http';
import { ReconciliationReport, ReconciliationService } from './reconciliation.service';

export class ReconciliationParams {
  @IsOptional()
  @IsId(64)
  sku?: string;

  @IsOptional()
  @IsId(64)
  locationId?: string;
}

@ApiTags('reconciliation')
@Controller('reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get('erp')
  @Scopes('admin')
  @ApiOperation({ summary: "Drift between the ERP's on-hand and ours, per SKU and location" })
  erp(@Query() query: ReconciliationParams): Promise<ReconciliationReport> {
    return this.reconciliation.report(query);
  }
}
