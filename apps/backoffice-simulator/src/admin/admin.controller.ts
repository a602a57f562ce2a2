import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  Post,
  Query,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TABLES_IN_DROP_ORDER } from '../database/migrations/1764180000000-InitBackofficeSimulator';
import { FINANCIAL_TABLES } from '../database/migrations/1767100000000-ErpFinancials';
import { AUTHORIZATION_TABLES } from '../database/migrations/1767200000000-PaymentAuthorizations';
import { SYSTEMS, SimulatedSystem, SystemFaults } from '../faults/fault-config';
import { FaultsService } from '../faults/faults.service';
import { WmsService } from '../wms/wms.service';
import { CallsQueryDto, FaultsDto, SeedItemsDto, SystemFaultsDto } from './admin.dto';
import { SeedService } from './seed.service';
import { StatsService } from './stats.service';

enum WmsKindPath {
  fulfillment = 'fulfillment-requests',
  transfer = 'transfer-requests',
}

/** Test controls. Unknown fields are refused here, so a typo never silently does nothing. */
@ApiTags('admin')
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
@Controller('admin')
export class AdminController {
  constructor(
    private readonly stats: StatsService,
    private readonly faults: FaultsService,
    private readonly seeder: SeedService,
    private readonly wms: WmsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get('stats')
  @ApiOperation({
    summary: 'Counts per record kind (repeats and duplicates too), peak concurrency',
  })
  getStats() {
    return this.stats.stats();
  }

  @Post('stats/reset-peaks')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restart peak concurrency from what is in flight now (counts and records stay)',
  })
  resetPeaks() {
    this.faults.resetPeaks();
    return this.stats.stats();
  }

  @Get('faults')
  getFaults() {
    return this.faults.current();
  }

  @Post('faults')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change fault settings per system (only the fields sent)' })
  setFaults(@Body() body: FaultsDto) {
    const changes: Partial<Record<SimulatedSystem, Partial<SystemFaults>>> = {};
    for (const system of SYSTEMS) {
      if (body[system]) changes[system] = definedFields(body[system]);
    }
    return this.faults.update(changes);
  }

  @Post('reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Truncate every table, zero the counters, restore default faults' })
  async reset() {
    await this.db.query(
      `TRUNCATE ${[...AUTHORIZATION_TABLES, ...FINANCIAL_TABLES, ...TABLES_IN_DROP_ORDER].join(', ')} RESTART IDENTITY CASCADE`,
    );
    this.faults.reset();
    return { reset: true };
  }

  @Post('seed/items')
  @HttpCode(200)
  @ApiOperation({ summary: 'Seed the ERP item master ({ count } generated and/or explicit items)' })
  seed(@Body() body: SeedItemsDto) {
    return this.seeder.seed(body);
  }

  @Post('wms/:kind/:requestId/ship')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make the WMS confirm the shipment of a request now' })
  ship(
    @Param('kind', new ParseEnumPipe(WmsKindPath)) kind: WmsKindPath,
    @Param('requestId') requestId: string,
  ) {
    return this.wms.ship(kind === WmsKindPath.fulfillment ? 'fulfillment' : 'transfer', requestId);
  }

  @Get('calls')
  @ApiOperation({ summary: 'Recent calls to the stand-ins (newest first), with correlation ids' })
  calls(@Query() query: CallsQueryDto) {
    return this.db.query(
      `SELECT id::int AS id, system, method, path, status, correlation_id AS "correlationId",
              duration_ms AS "durationMs", created_at AS "createdAt"
         FROM call_log WHERE ($1::text IS NULL OR system = $1)
          AND ($2::text IS NULL OR correlation_id = $2)
        ORDER BY id DESC LIMIT $3`,
      [query.system ?? null, query.correlationId ?? null, query.limit ?? 100],
    );
  }
}

const NULLABLE = new Set(['latencyMs', 'maxConcurrency', 'shipmentDelayMs']);

/** Drops absent fields; null is kept only where it means "unset" (no limit, no delay). */
function definedFields(dto: SystemFaultsDto): Partial<SystemFaults> {
  const entries = Object.entries(dto).filter(
    ([key, value]) => value !== undefined && (value !== null || NULLABLE.has(key)),
  );
  return Object.fromEntries(entries) as Partial<SystemFaults>;
}
